package dev.rapport.badge.protocol;

/**
 * ACK (type 0x06, badge to host): the command with this correlation id was accepted; {@link
 * #status()} says whether it ran now or was a retry of one already run. Layout in {@link
 * CommandReplyFrame}.
 */
public final class AckFrame extends CommandReplyFrame {
  @Override
  public int frameType() {
    return FrameType.ACK;
  }

  /** {@link ReplyCode#ACK_DONE} or {@link ReplyCode#ACK_DUPLICATE}. */
  public int status() {
    return code();
  }

  public AckFrame reply(long correlationId, int opcode, int status) {
    write(correlationId, opcode, status);
    return this;
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" status=").append(status());
  }
}
