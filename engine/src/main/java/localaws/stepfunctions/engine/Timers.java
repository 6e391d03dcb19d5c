package localaws.stepfunctions.engine;

import localaws.VirtualClock;

import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything that waits for a time: Wait states, retry delays, task timeouts and heartbeats. One
 * thread and one queue for all of them, however many executions are parked; due work is handed to
 * the engine's executor, so many executions waking at the same instant just queue up.
 */
final class Timers implements AutoCloseable {
    private record Timer(long due, long seq, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final VirtualClock clock;
    private final Executor executor;
    private final PriorityQueue<Timer> queue = new PriorityQueue<>();
    private final AtomicLong seq = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    Timers(VirtualClock clock, Executor executor) {
        this.clock = clock;
        this.executor = executor;
        clock.onMoved(this::wake);
        thread = Thread.ofPlatform().daemon().name("sfn-timers").start(this::loop);
    }

    void at(long dueMillis, Runnable action) {
        synchronized (queue) {
            queue.add(new Timer(dueMillis, seq.incrementAndGet(), action));
            queue.notifyAll();
        }
    }

    /** Whether a timer is due on the clock and not yet handed to the executor (taken off the queue and on its way counts). */
    boolean hasDue() {
        synchronized (queue) {
            Timer head = queue.peek();
            return handing > 0 || (head != null && head.due <= clock.millis());
        }
    }

    /** Timers taken off the queue and not yet given to the executor (guarded by the queue). */
    private int handing;

    int pending() {
        synchronized (queue) {
            return queue.size();
        }
    }

    private void wake() {
        synchronized (queue) {
            queue.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            Timer due = null;
            synchronized (queue) {
                Timer head = queue.peek();
                long now = clock.millis();
                if (head != null && head.due <= now) {
                    due = queue.poll();
                    handing++;
                } else {
                    try {
                        long wait = head == null || clock.isFrozen() ? 0 : Math.min(head.due - now, 1000);
                        queue.wait(head == null || clock.isFrozen() ? 1000 : Math.max(1, wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (due != null) {
                try {
                    executor.execute(due.action);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return; // the engine is closing
                } finally {
                    synchronized (queue) {
                        handing--;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
