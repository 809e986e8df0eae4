package io.bmp.protocols.tftp;

/**
 * The sending side of one read transfer as a state machine with no I/O (RFC 1350 §6, windows from
 * RFC 7440): it says which blocks to send; the adapter reads them and puts them on the wire.
 *
 * <p>Blocks are numbered from 1 as {@code long}s; on the wire each is its number modulo 65536, so a
 * file of more than 65535 blocks rolls the block number over to 0 and on (what tftp-hpa, atftp,
 * curl and iPXE expect). An ACK is matched to the unacknowledged block whose wire number it carries.
 *
 * <p>In lock-step a duplicate ACK is ignored and only a timeout retransmits, which avoids the
 * Sorcerer's Apprentice syndrome (RFC 1123 §4.2.3.1). With a window, an ACK of a block inside the
 * window restarts after it (RFC 7440 §4), and a repeated ACK of the block before the window is how
 * a client says the window's first block was lost: the window is sent again at once, but only once
 * until the transfer moves on, so duplicates cannot multiply the traffic. A transfer with options
 * starts with an OACK and waits for ACK 0.
 */
public final class ReadTransfer {

  /** What to do next. */
  public sealed interface Step {}

  /** Send the OACK (again). */
  public record SendOptionAck() implements Step {}

  /** Send blocks {@code from}..{@code to} inclusive. */
  public record SendBlocks(long from, long to) implements Step {}

  /** Nothing to send now: keep waiting. */
  public record Wait() implements Step {}

  /** The last block is acknowledged. */
  public record Done() implements Step {}

  /** Too many timeouts in a row: give up. */
  public record GiveUp(int attempts) implements Step {}

  private static final Wait WAIT = new Wait();

  private final long size;
  private final int blockSize;
  private final int windowSize;
  private final boolean optionAck;
  private final int maxRetries;
  private final long lastBlock;
  private long acked;
  private long sentUpTo;
  private int retries;
  private boolean started;
  private boolean done;
  private boolean resentOnRepeat;

  public ReadTransfer(long size, Negotiation negotiation, int maxRetries) {
    this.size = size;
    this.blockSize = negotiation.blockSize();
    this.windowSize = negotiation.windowSize();
    this.optionAck = negotiation.needsOptionAck();
    this.maxRetries = maxRetries;
    // A file that is an exact multiple of the block size ends with an empty block.
    this.lastBlock = size / blockSize + 1;
  }

  public Step start() {
    started = true;
    return optionAck ? new SendOptionAck() : window();
  }

  private Step window() {
    long from = acked + 1;
    long to = Math.min(acked + windowSize, lastBlock);
    sentUpTo = to;
    return new SendBlocks(from, to);
  }

  /** The client acknowledged the block with this wire number. */
  public Step onAck(int wireBlock) {
    if (!started || done) {
      return WAIT;
    }
    if (optionAck && acked == 0 && sentUpTo == 0) {
      if (wireBlock != 0) {
        return WAIT;
      }
      retries = 0;
      return window();
    }
    // The acknowledged block is one of those in flight, acked+1..sentUpTo: find it by its low 16 bits.
    long candidate = acked + 1 + (((wireBlock - (acked + 1)) & 0xffff));
    if (candidate > sentUpTo) {
      if (windowSize > 1 && wireBlock == wireNumber(acked) && !resentOnRepeat) {
        resentOnRepeat = true; // the window's first block was lost: resend now, not after the timeout
        return window();
      }
      return WAIT; // a duplicate or stale ACK: only the timer retransmits
    }
    acked = candidate;
    retries = 0;
    resentOnRepeat = false;
    if (acked == lastBlock) {
      done = true;
      return new Done();
    }
    return window();
  }

  /** The timer ran out without progress: resend what is unacknowledged, or give up. */
  public Step onTimeout() {
    if (done) {
      return WAIT;
    }
    if (++retries > maxRetries) {
      return new GiveUp(retries);
    }
    if (optionAck && acked == 0 && sentUpTo == 0) {
      return new SendOptionAck();
    }
    return window();
  }

  /** The wire number of a block. */
  public static int wireNumber(long block) {
    return (int) (block & 0xffff);
  }

  /** Where block {@code block} starts in the file. */
  public long offsetOf(long block) {
    return (block - 1) * blockSize;
  }

  /** How many bytes block {@code block} carries (0..blockSize; the last may be empty). */
  public int lengthOf(long block) {
    return (int) Math.max(0, Math.min(blockSize, size - offsetOf(block)));
  }

  public long lastBlock() {
    return lastBlock;
  }

  public int blockSize() {
    return blockSize;
  }

  public int retries() {
    return retries;
  }

  public boolean isDone() {
    return done;
  }
}
