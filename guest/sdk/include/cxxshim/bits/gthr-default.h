/*
 * bits/gthr-default.h — selects libstdc++'s single-threaded gthreads model.
 *
 * The host's copy is the POSIX model, which includes <pthread.h> (absent in
 * picolibc). A zkVM guest runs on one hart with no threads, which is exactly
 * what gthr-single.h describes (__gthread_active_p() == 0, no-op mutexes).
 */
#include <bits/gthr-single.h>
