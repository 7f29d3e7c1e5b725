//! Puts this crate's directory on the linker search path so that a guest binary can say
//! `-C link-arg=-Tzkvm-guest.ld` (the template's `.cargo/config.toml` does) and always get the
//! linker script that matches this copy of the runtime. Cargo propagates `rustc-link-search`
//! from a dependency's build script to the final link; it does not propagate `rustc-link-arg`,
//! which is why the `-T` itself lives in the guest project's config.
fn main() {
    let dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    println!("cargo:rustc-link-search=native={dir}");
    println!("cargo:rerun-if-changed=zkvm-guest.ld");
    println!("cargo:rerun-if-changed=build.rs");
}
