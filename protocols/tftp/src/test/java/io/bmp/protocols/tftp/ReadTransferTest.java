package io.bmp.protocols.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.protocols.tftp.ReadTransfer.Done;
import io.bmp.protocols.tftp.ReadTransfer.GiveUp;
import io.bmp.protocols.tftp.ReadTransfer.SendBlocks;
import io.bmp.protocols.tftp.ReadTransfer.SendOptionAck;
import io.bmp.protocols.tftp.ReadTransfer.Wait;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadTransferTest {

  static Negotiation plain() {
    return Negotiation.of(Map.of(), 512, 1, 0);
  }

  @Test
  void lockStepWithoutOptions() {
    ReadTransfer t = new ReadTransfer(1000, plain(), 3);
    assertThat(t.start()).isEqualTo(new SendBlocks(1, 1));
    assertThat(t.lengthOf(1)).isEqualTo(512);
    assertThat(t.onAck(1)).isEqualTo(new SendBlocks(2, 2));
    assertThat(t.lengthOf(2)).isEqualTo(488);
    assertThat(t.onAck(2)).isInstanceOf(Done.class);
    assertThat(t.isDone()).isTrue();
  }

  @Test
  void anExactMultipleOfTheBlockSizeEndsWithAnEmptyBlock() {
    ReadTransfer t = new ReadTransfer(1024, plain(), 3);
    assertThat(t.lastBlock()).isEqualTo(3);
    assertThat(t.lengthOf(3)).isZero();
    ReadTransfer empty = new ReadTransfer(0, plain(), 3);
    assertThat(empty.start()).isEqualTo(new SendBlocks(1, 1));
    assertThat(empty.lengthOf(1)).isZero();
    assertThat(empty.onAck(1)).isInstanceOf(Done.class);
  }

  @Test
  void optionsStartWithAnOackAndWaitForAckZero() {
    ReadTransfer t = new ReadTransfer(3000, Negotiation.of(Map.of("blksize", "1468"), 65464, 1, 3000), 3);
    assertThat(t.start()).isInstanceOf(SendOptionAck.class);
    assertThat(t.onAck(5)).isInstanceOf(Wait.class);
    assertThat(t.onTimeout()).isInstanceOf(SendOptionAck.class);
    assertThat(t.onAck(0)).isEqualTo(new SendBlocks(1, 1));
    assertThat(t.lengthOf(3)).isEqualTo(3000 - 2 * 1468);
  }

  @Test
  void windowsAsRfc7440Section4Shows() {
    // windowsize 4: the server sends 4 blocks, the client acks the last; a lost block makes the
    // client ack the last in-order one and the server resumes after it.
    ReadTransfer t = new ReadTransfer(512 * 10 + 1, Negotiation.of(Map.of("windowsize", "4"), 512, 16, 0), 3);
    assertThat(t.start()).isInstanceOf(SendOptionAck.class);
    assertThat(t.onAck(0)).isEqualTo(new SendBlocks(1, 4));
    assertThat(t.onAck(4)).isEqualTo(new SendBlocks(5, 8));
    assertThat(t.onAck(6)).as("block 7 was lost").isEqualTo(new SendBlocks(7, 10));
    assertThat(t.onAck(6)).as("ACK 6 again: block 7, the window's first, was lost too").isEqualTo(new SendBlocks(7, 10));
    assertThat(t.onAck(6)).as("only once until the transfer moves on").isInstanceOf(Wait.class);
    assertThat(t.onTimeout()).isEqualTo(new SendBlocks(7, 10));
    assertThat(t.onAck(10)).isEqualTo(new SendBlocks(11, 11));
    assertThat(t.onAck(11)).isInstanceOf(Done.class);
  }

  @Test
  void aRepeatedAckResendsTheWindowOncePerProgressAndNeverInLockStep() {
    ReadTransfer windowed = new ReadTransfer(512 * 20, Negotiation.of(Map.of("windowsize", "4"), 512, 16, 0), 3);
    windowed.start();
    assertThat(windowed.onAck(0)).isEqualTo(new SendBlocks(1, 4));
    assertThat(windowed.onAck(0)).as("block 1 lost: the client acks 0 again").isEqualTo(new SendBlocks(1, 4));
    assertThat(windowed.onAck(0)).isInstanceOf(Wait.class);
    assertThat(windowed.onAck(4)).isEqualTo(new SendBlocks(5, 8));
    assertThat(windowed.onAck(4)).as("progress re-enables the fast resend").isEqualTo(new SendBlocks(5, 8));
    assertThat(windowed.onAck(4)).isInstanceOf(Wait.class);

    ReadTransfer lockStep = new ReadTransfer(512 * 20, plain(), 3);
    lockStep.start();
    assertThat(lockStep.onAck(1)).isEqualTo(new SendBlocks(2, 2));
    assertThat(lockStep.onAck(1)).as("Sorcerer's Apprentice: no resend on a duplicate").isInstanceOf(Wait.class);
  }

  @Test
  void blockNumbersRollOverAfter65535() {
    long blocks = 70_000;
    ReadTransfer t = new ReadTransfer(512 * blocks + 100, plain(), 3);
    t.start();
    for (long b = 1; b < t.lastBlock(); b++) {
      assertThat(t.onAck(ReadTransfer.wireNumber(b))).isEqualTo(new SendBlocks(b + 1, b + 1));
    }
    assertThat(ReadTransfer.wireNumber(65536)).isZero();
    assertThat(ReadTransfer.wireNumber(t.lastBlock())).isEqualTo((int) ((blocks + 1) % 65536));
    assertThat(t.onAck(ReadTransfer.wireNumber(t.lastBlock()))).isInstanceOf(Done.class);
  }

  @Test
  void givesUpAfterTheLastRetry() {
    ReadTransfer t = new ReadTransfer(10, plain(), 2);
    t.start();
    assertThat(t.onTimeout()).isEqualTo(new SendBlocks(1, 1));
    assertThat(t.onTimeout()).isEqualTo(new SendBlocks(1, 1));
    assertThat(t.onTimeout()).isEqualTo(new GiveUp(3));
  }
}
