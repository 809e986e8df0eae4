package io.bmp.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void everyCodeRoundTripsThroughItsFailureCode() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ErrorCode.ofFailureCode(code.failureCode())).isEqualTo(code);
    }
  }

  @Test
  void clientErrorsAre4xxAndOutagesAre5xx() {
    assertThat(ErrorCode.NOT_FOUND.httpStatus()).isEqualTo(404);
    assertThat(ErrorCode.VERSION_CONFLICT.httpStatus()).isEqualTo(409);
    assertThat(ErrorCode.DATABASE_UNAVAILABLE.httpStatus()).isEqualTo(503);
    assertThat(ErrorCode.ROOM_UNAVAILABLE.httpStatus()).isEqualTo(503);
    assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::httpStatus)).allMatch(s -> s >= 400 && s < 600);
  }

  @Test
  void aRecipientFailureKeepsItsCodeAcrossTheBus() {
    ReplyException received = new ReplyException(ReplyFailure.RECIPIENT_FAILURE,
        ErrorCode.INSUFFICIENT_STOCK.failureCode(), "only 3 devices are free");
    BmpException mapped = BmpException.of(received, ErrorCode.ROOM_UNAVAILABLE, "driver of room r1");
    assertThat(mapped.code()).isEqualTo(ErrorCode.INSUFFICIENT_STOCK);
    assertThat(mapped.getMessage()).isEqualTo("only 3 devices are free");
  }

  @Test
  void noHandlerAndTimeoutBecomeTheCallersUnavailableCode() {
    BmpException none = BmpException.of(new ReplyException(ReplyFailure.NO_HANDLERS, "x"),
        ErrorCode.ROOM_UNAVAILABLE, "driver of room r9");
    assertThat(none.code()).isEqualTo(ErrorCode.ROOM_UNAVAILABLE);
    assertThat(none.getMessage()).contains("driver of room r9");
    BmpException late = BmpException.of(new ReplyException(ReplyFailure.TIMEOUT, "x"),
        ErrorCode.COMPONENT_UNAVAILABLE, "scheduler");
    assertThat(late.code()).isEqualTo(ErrorCode.COMPONENT_UNAVAILABLE);
  }

  @Test
  void anythingElseIsInternalAndKeepsItsCauseForTheLog() {
    IllegalStateException bug = new IllegalStateException("boom");
    BmpException mapped = BmpException.of(bug);
    assertThat(mapped.code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(mapped.getMessage()).doesNotContain("boom");
    assertThat(mapped.getCause()).isSameAs(bug);
  }
}
