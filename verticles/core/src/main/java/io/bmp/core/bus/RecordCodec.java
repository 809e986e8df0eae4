package io.bmp.core.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * Sends a {@link BusRecord} as JSON between nodes and as the same immutable instance within one
 * node (records are immutable, so {@link #transform} need not copy).
 */
final class RecordCodec<T extends BusRecord> implements MessageCodec<T, T> {

  private final RecordType<T> recordType;

  RecordCodec(RecordType<T> recordType) {
    this.recordType = recordType;
  }

  @Override
  public void encodeToWire(Buffer buffer, T record) {
    Buffer json = record.toJson().toBuffer();
    buffer.appendInt(json.length()).appendBuffer(json);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    Buffer json = buffer.getBuffer(pos + 4, pos + 4 + length);
    return recordType.fromJson().apply(new JsonObject(json));
  }

  @Override
  public T transform(T record) {
    return record;
  }

  @Override
  public String name() {
    return "bmp:" + recordType.type().getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
