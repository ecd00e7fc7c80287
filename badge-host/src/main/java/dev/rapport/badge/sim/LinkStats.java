package dev.rapport.badge.sim;

/**
 * What a simulated link did so far: ground truth for loss accounting. Badge-to-host counts are per
 * frame handed to the link; {@code hostFrames*} count host-to-badge frames.
 *
 * @param framesSent frames the badges handed to the link (the boot 0x00 not included)
 * @param framesLost frames dropped on the way
 * @param framesCorrupted frames delivered with one byte changed
 * @param framesDuplicated frames delivered twice
 * @param framesReordered frames delivered after the frame that followed them
 * @param framesDelivered frames that reached the host (duplicates counted twice)
 * @param queueOverflows frames dropped because the link's buffer was full (0 unless the host side
 *     is not advanced for a very long time)
 * @param hostFramesSent host-to-badge frames decoded from the host's bytes
 * @param hostFramesLost host frames dropped on the way
 * @param hostFramesCorrupted host frames damaged on the way (the badge's decoder rejects them)
 * @param hostDecodeErrors host bytes the link's decoder could not make into a frame
 */
public record LinkStats(
    long framesSent,
    long framesLost,
    long framesCorrupted,
    long framesDuplicated,
    long framesReordered,
    long framesDelivered,
    long queueOverflows,
    long hostFramesSent,
    long hostFramesLost,
    long hostFramesCorrupted,
    long hostDecodeErrors) {}
