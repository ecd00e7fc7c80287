package dev.rapport.badge.protocol;

/**
 * NACK (type 0x07, badge to host): the command with this correlation id was refused, for {@link
 * #reason()}. Layout in {@link CommandReplyFrame}.
 */
public final class NackFrame extends CommandReplyFrame {
  @Override
  public int frameType() {
    return FrameType.NACK;
  }

  /** One of {@code ReplyCode.NACK_*}. */
  public int reason() {
    return code();
  }

  public NackFrame reply(long correlationId, int opcode, int reason) {
    write(correlationId, opcode, reason);
    return this;
  }

  @Override
  public void appendFields(StringBuilder sb) {
    super.appendFields(sb);
    sb.append(" reason=").append(reason());
  }
}
