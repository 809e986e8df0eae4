package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.http.Call;
import io.bmp.api.http.I18n;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.core.domain.NetworkInterface;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;

/**
 * {@code POST /v1/devices/import}: up to 10,000 devices from CSV (commons-csv) or the seed
 * system's xlsx template (fastexcel-reader), all or nothing, with a row-by-row report of every bad
 * row. Parsing runs on a worker thread.
 */
final class DeviceImport {

  static final int MAX_ROWS = 10_000;
  static final String CSV = "text/csv";
  static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  /** The template's columns, in order (the first row is a header and is skipped). */
  static final List<String> COLUMNS = List.of("sn", "cabinet", "uPosition", "mac1", "mgmtMask", "mgmtIpv4", "mgmtIpv6",
      "mgmtGateway", "bmcAddress", "bmcUser", "bmcPassword", "mac2");

  private final ApiContext api;
  private final DeviceHandlers devices;

  DeviceImport(ApiContext api) {
    this.api = api;
    this.devices = new DeviceHandlers(api);
  }

  void register(OperationTable table) {
    table.onUnvalidated("importDevices", this::importDevices);
  }

  private Future<Reply> importDevices(Call call) {
    String roomId = call.query("roomId");
    String typeId = call.query("deviceTypeId");
    if (roomId == null || roomId.isBlank() || roomId.length() > 40) {
      return Future.failedFuture(BmpException.localized(ErrorCode.INVALID_ARGUMENT, "error.field",
          "field roomId: the query parameter roomId is required", "roomId", "required"));
    }
    String contentType = String.valueOf(call.context().request().getHeader("Content-Type")).split(";")[0].trim();
    if (!contentType.equals(CSV) && !contentType.equals(XLSX)) {
      return Future.failedFuture(new BmpException(ErrorCode.MALFORMED_REQUEST,
          "send the file as " + CSV + " or " + XLSX + ", not " + contentType));
    }
    Buffer body = call.context().body().buffer();
    if (body == null || body.length() == 0) {
      return Future.failedFuture(new BmpException(ErrorCode.INVALID_ARGUMENT, "the request has no file"));
    }
    String language = call.language();
    return api.vertx.executeBlocking(() -> contentType.equals(CSV) ? csv(body, language) : xlsx(body, language), false)
        .compose(rows -> {
          if (rows.size() > MAX_ROWS) {
            return Future.failedFuture(BmpException.localized(ErrorCode.PAYLOAD_TOO_LARGE, "import.tooManyRows",
                "the file has " + rows.size() + " rows; at most " + MAX_ROWS + " can be imported at once", rows.size(), MAX_ROWS));
          }
          return devices.prepare(call, roomId, typeId, rows);
        })
        .compose(prepared -> {
          if (!prepared.problems().isEmpty()) {
            JsonArray bad = new JsonArray();
            prepared.problems().forEach(p -> bad.add(new JsonObject().put("row", p.row()).put("sn", p.sn())
                .put("errors", new JsonArray(p.errors()))));
            return Future.succeededFuture(new Reply(400, new JsonObject().put("imported", 0).put("rows", bad), roomId));
          }
          return api.devices.createAll(prepared.devices()).map(v -> new Reply(201,
              new JsonObject().put("imported", prepared.devices().size()).put("rows", new JsonArray()), roomId));
        });
  }

  private static List<DeviceRows.Row> csv(Buffer body, String language) throws IOException {
    String text = body.toString(StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<DeviceRows.Row> rows = new ArrayList<>();
    try (Reader reader = new java.io.StringReader(text);
        CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(reader)) {
      boolean header = true;
      for (CSVRecord record : parser) {
        if (header) {
          header = false;
          continue;
        }
        if (rows.size() > MAX_ROWS) {
          break;
        }
        List<String> cells = new ArrayList<>();
        record.forEach(cells::add);
        rows.add(row((int) record.getRecordNumber(), cells, language));
      }
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      throw BmpException.localized(ErrorCode.INVALID_ARGUMENT, "import.badFile", "the file cannot be read: " + e.getMessage(),
          String.valueOf(e.getMessage()));
    }
    return rows;
  }

  private static List<DeviceRows.Row> xlsx(Buffer body, String language) {
    List<DeviceRows.Row> rows = new ArrayList<>();
    try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(body.getBytes()));
        Stream<org.dhatim.fastexcel.reader.Row> sheet = workbook.getFirstSheet().openStream()) {
      sheet.forEachOrdered(r -> {
        if (r.getRowNum() == 1 || rows.size() > MAX_ROWS) {
          return;
        }
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
          cells.add(r.hasCell(i) ? r.getCellText(i) : "");
        }
        if (cells.stream().allMatch(String::isBlank)) {
          return;
        }
        rows.add(row(r.getRowNum(), cells, language));
      });
    } catch (IOException | RuntimeException e) {
      throw BmpException.localized(ErrorCode.INVALID_ARGUMENT, "import.badFile",
          "the file cannot be read: " + e.getMessage(), String.valueOf(e.getMessage()));
    }
    return rows;
  }

  /** A file row by column position; the MACs become the PXE NIC eth0 and eth1. */
  private static DeviceRows.Row row(int number, List<String> cells, String language) {
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < COLUMNS.size() && i < cells.size(); i++) {
      fields.put(COLUMNS.get(i), cells.get(i));
    }
    List<String> errors = new ArrayList<>();
    List<NetworkInterface> nics = new ArrayList<>();
    NetworkInterface first = DeviceRows.nic("eth0", fields.get("mac1"), "pxe", 0, errors, language);
    NetworkInterface second = DeviceRows.nic("eth1", fields.get("mac2"), "lan", 1, errors, language);
    if (first != null) {
      nics.add(first);
    }
    if (second != null) {
      nics.add(second);
    }
    return new DeviceRows.Row(number, fields, nics, errors);
  }
}
