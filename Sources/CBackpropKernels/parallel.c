// A persistent pool of worker threads for bp_parallel_for (see CBackpropKernels.h).
//
// Why not DispatchQueue.concurrentPerform: on this 2-core machine one call of it cost about
// 15 µs in the wide-minibatch step (measured: a 128 × 512 × 64 product took 35 µs on one thread
// and 35 µs "on two"), and a training step makes five such calls between short elementwise
// phases, long enough for dispatch's threads to go to sleep. OpenBLAS and OpenMP keep their
// workers spinning for a while after each job instead; so does this pool, for SPIN_NS, then
// they sleep on a condition variable until the next job.
//
// One job runs at a time. A job is `parts` calls task(context, part), claimed one by one by
// the caller and the workers through one atomic word
//
//     state = generation << 40 | parts << 20 | next part
//
// The generation tells a waiting worker that a new job was published (its parts and next may
// equal the last job's). A claim is a compare-and-swap against the word as published, and the
// task is read only after it succeeds, so a late worker can only ever take an unclaimed part
// of the job that is current.
// A caller that finds the pool busy (another thread's job, or a task that itself calls
// bp_parallel_for) runs its parts itself, in order. Which thread runs a part never changes what
// the part computes, so results do not depend on the number of threads.

#include "CBackpropKernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#define PARTS_BITS 20
#define GENERATION_SHIFT 40
#define FIELD_MASK ((1L << PARTS_BITS) - 1)
#define GENERATION_MASK ((1L << (63 - GENERATION_SHIFT)) - 1)
#define MAX_WORKERS 63
// How long an idle worker spins before it sleeps: longer than the elementwise work between two
// products of one training step, short enough not to hold a core once training stops.
#define SPIN_NS 300000L

static inline long generation_of(long state) { return (state >> GENERATION_SHIFT) & GENERATION_MASK; }
static inline long parts_of(long state) { return (state >> PARTS_BITS) & FIELD_MASK; }
static inline long next_of(long state) { return state & FIELD_MASK; }

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

static struct {
    pthread_mutex_t submit;       // held by the thread whose job is running
    pthread_mutex_t start;        // guards `workers` while threads are started
    pthread_mutex_t sleep_lock;
    pthread_cond_t wake;
    _Atomic long state;
    _Atomic long remaining;       // parts of the current job not yet finished
    _Atomic int sleepers;
    int workers;
    bp_parallel_task task;        // written before `state` publishes a job, read after claiming
    void *context;
} pool = {
    .submit = PTHREAD_MUTEX_INITIALIZER,
    .start = PTHREAD_MUTEX_INITIALIZER,
    .sleep_lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
};

/// Claims and runs parts of job `generation` until none is left (or the job is over).
static void run_parts(long generation)
{
    long state = atomic_load_explicit(&pool.state, memory_order_acquire);
    for (;;) {
        if (generation_of(state) != generation || next_of(state) >= parts_of(state)) return;
        if (atomic_compare_exchange_weak_explicit(&pool.state, &state, state + 1,
                                                  memory_order_acq_rel, memory_order_acquire)) {
            pool.task(pool.context, next_of(state));
            atomic_fetch_sub_explicit(&pool.remaining, 1, memory_order_release);
            state = atomic_load_explicit(&pool.state, memory_order_acquire);
        }
    }
}

/// Spins, then sleeps, until a job newer than `seen` is published; returns its generation.
static long wait_for_job(long seen)
{
    long deadline = now_ns() + SPIN_NS;
    for (unsigned spins = 1;; spins++) {
        long generation = generation_of(atomic_load_explicit(&pool.state, memory_order_acquire));
        if (generation != seen) return generation;
        cpu_relax();
        if ((spins & 255) == 0 && now_ns() > deadline) break;
    }
    pthread_mutex_lock(&pool.sleep_lock);
    atomic_fetch_add(&pool.sleepers, 1);                       // sequentially consistent: the
    long generation;                                           // submitter either sees us here
    while ((generation = generation_of(atomic_load(&pool.state))) == seen)   // or we see its job
        pthread_cond_wait(&pool.wake, &pool.sleep_lock);
    atomic_fetch_sub(&pool.sleepers, 1);
    pthread_mutex_unlock(&pool.sleep_lock);
    return generation;
}

static void *worker_main(void *unused)
{
    (void)unused;
    long seen = generation_of(atomic_load(&pool.state));
    for (;;) {
        seen = wait_for_job(seen);
        run_parts(seen);
    }
    return NULL;
}

/// Starts workers until there are `wanted` (at most MAX_WORKERS); returns how many there are.
static int ensure_workers(long wanted)
{
    if (wanted > MAX_WORKERS) wanted = MAX_WORKERS;
    pthread_mutex_lock(&pool.start);
    while (pool.workers < wanted) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        int failed = pthread_create(&thread, &attributes, worker_main, NULL);
        pthread_attr_destroy(&attributes);
        if (failed) break;                                     // run with the workers we have
        pool.workers++;
    }
    int workers = pool.workers;
    pthread_mutex_unlock(&pool.start);
    return workers;
}

void bp_parallel_for(long threads, long parts, bp_parallel_task task, void *context)
{
    if (parts <= 0) return;
    if (threads <= 1 || parts == 1 || parts > FIELD_MASK || pthread_mutex_trylock(&pool.submit) != 0) {
        for (long part = 0; part < parts; part++) task(context, part);
        return;
    }
    if (ensure_workers(threads - 1) == 0) {
        pthread_mutex_unlock(&pool.submit);
        for (long part = 0; part < parts; part++) task(context, part);
        return;
    }
    pool.task = task;
    pool.context = context;
    atomic_store_explicit(&pool.remaining, parts, memory_order_relaxed);
    long generation = (generation_of(atomic_load(&pool.state)) + 1) & GENERATION_MASK;
    atomic_store(&pool.state, generation << GENERATION_SHIFT | parts << PARTS_BITS);
    if (atomic_load(&pool.sleepers) > 0) {
        pthread_mutex_lock(&pool.sleep_lock);
        pthread_cond_broadcast(&pool.wake);
        pthread_mutex_unlock(&pool.sleep_lock);
    }
    run_parts(generation);
    for (unsigned spins = 1; atomic_load_explicit(&pool.remaining, memory_order_acquire) > 0; spins++) {
        cpu_relax();
        if ((spins & 4095) == 0) sched_yield();                // a worker may have lost its core
    }
    pool.task = NULL;
    pool.context = NULL;
    pthread_mutex_unlock(&pool.submit);
}
