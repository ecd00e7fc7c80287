package dev.rapport.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExecutorHardwareSchedulerTest {

  @Test
  void shouldRunATimedTaskNoEarlierThanItsDeadline() throws Exception {
    try (ExecutorHardwareScheduler scheduler = new ExecutorHardwareScheduler()) {
      long atMs = scheduler.nowMs() + 40;
      AtomicLong ranAtMs = new AtomicLong();
      CountDownLatch ran = new CountDownLatch(1);
      scheduler.schedule(
          atMs,
          () -> {
            ranAtMs.set(scheduler.nowMs());
            ran.countDown();
          });
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(ranAtMs.get()).isGreaterThanOrEqualTo(atMs);
    }
  }

  @Test
  void shouldCountAFailingTaskAndKeepServingTheOthersInOrder() throws Exception {
    try (ExecutorHardwareScheduler scheduler = new ExecutorHardwareScheduler()) {
      List<String> order = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      scheduler.execute(() -> order.add("first"));
      scheduler.execute(
          () -> {
            throw new IllegalStateException("led pin gone (expected by this test)");
          });
      scheduler.execute(
          () -> {
            order.add("after-failure");
            Thread current = Thread.currentThread();
            order.add(current.getName() + (current.isDaemon() ? "/daemon" : ""));
            done.countDown();
          });
      assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(order).containsExactly("first", "after-failure", "rapport-hardware/daemon");
      assertThat(scheduler.taskFailures()).isEqualTo(1);
    }
  }
}
