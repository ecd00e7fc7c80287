package dev.rapport.badge.transport;

import java.util.concurrent.atomic.AtomicLong;

/** The counters a link implementation updates; readers see them through {@link LinkCounters}. */
public final class MutableLinkCounters implements LinkCounters {
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong receives = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong disconnects = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicLong outBytesDiscarded = new AtomicLong();
  private final AtomicLong listenerErrors = new AtomicLong();

  public void onReceive(int byteCount) {
    bytesIn.addAndGet(byteCount);
    receives.incrementAndGet();
  }

  public void onBytesOut(int byteCount) {
    bytesOut.addAndGet(byteCount);
  }

  public void onConnect() {
    connects.incrementAndGet();
  }

  public void onDisconnect() {
    disconnects.incrementAndGet();
  }

  public void onConnectFailure() {
    connectFailures.incrementAndGet();
  }

  public void onSendFailure() {
    sendFailures.incrementAndGet();
  }

  public void onOutBytesDiscarded(int byteCount) {
    outBytesDiscarded.addAndGet(byteCount);
  }

  public void onListenerError() {
    listenerErrors.incrementAndGet();
  }

  @Override
  public long bytesIn() {
    return bytesIn.get();
  }

  @Override
  public long receives() {
    return receives.get();
  }

  @Override
  public long bytesOut() {
    return bytesOut.get();
  }

  @Override
  public long connects() {
    return connects.get();
  }

  @Override
  public long disconnects() {
    return disconnects.get();
  }

  @Override
  public long connectFailures() {
    return connectFailures.get();
  }

  @Override
  public long sendFailures() {
    return sendFailures.get();
  }

  @Override
  public long outBytesDiscarded() {
    return outBytesDiscarded.get();
  }

  @Override
  public long listenerErrors() {
    return listenerErrors.get();
  }

  @Override
  public String toString() {
    return "bytesIn="
        + bytesIn()
        + " receives="
        + receives()
        + " bytesOut="
        + bytesOut()
        + " connects="
        + connects()
        + " disconnects="
        + disconnects()
        + " connectFailures="
        + connectFailures()
        + " sendFailures="
        + sendFailures()
        + " outBytesDiscarded="
        + outBytesDiscarded()
        + " listenerErrors="
        + listenerErrors();
  }
}
