package io.bmp.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API reference, generated from the OpenAPI document: served as HTML at {@code /docs} and
 * written as Markdown to {@code docs/api-reference.md} (a test keeps that file in step with the
 * document). One walk over the document, two writers.
 */
public final class ApiReference {

  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  private final JsonObject spec;

  public ApiReference(JsonObject spec) {
    this.spec = spec;
  }

  public String markdown() {
    Writer w = new MarkdownWriter();
    walk(w);
    return w.toString();
  }

  public String html() {
    HtmlWriter w = new HtmlWriter(spec.getJsonObject("info").getString("title"));
    walk(w);
    return w.finish();
  }

  private void walk(Writer w) {
    JsonObject info = spec.getJsonObject("info");
    w.heading(1, info.getString("title") + " reference");
    w.paragraph("Generated from `verticles/api/src/main/resources/openapi/bmp.yaml` (served at `/openapi.json`); "
        + "do not edit by hand. The conventions, authentication and errors are explained in docs/api.md.");
    w.text(info.getString("description", ""));
    Map<String, List<String[]>> byTag = new LinkedHashMap<>();
    for (Object t : spec.getJsonArray("tags", new JsonArray())) {
      byTag.put(((JsonObject) t).getString("name"), new ArrayList<>());
    }
    JsonObject paths = spec.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op != null) {
          String tag = op.getJsonArray("tags", new JsonArray().add("other")).getString(0);
          byTag.computeIfAbsent(tag, k -> new ArrayList<>()).add(new String[] {path, method});
        }
      }
    }
    for (Object t : spec.getJsonArray("tags", new JsonArray())) {
      JsonObject tag = (JsonObject) t;
      w.heading(2, tag.getString("name"));
      w.paragraph(tag.getString("description", ""));
      for (String[] op : byTag.getOrDefault(tag.getString("name"), List.of())) {
        operation(w, op[0], op[1]);
      }
    }
  }

  private void operation(Writer w, String path, String method) {
    JsonObject item = spec.getJsonObject("paths").getJsonObject(path);
    JsonObject op = item.getJsonObject(method);
    w.heading(3, "`" + method.toUpperCase() + " " + path + "` " + op.getString("summary", ""));
    w.text(op.getString("description", ""));
    String audit = op.getString("x-bmp-audit");
    w.paragraph("Operation `" + op.getString("operationId") + "`. Who may call it: **" + op.getString("x-bmp-access", "?")
        + "**." + (audit != null ? " Recorded in the audit log as `" + audit + "`." : ""));
    List<JsonObject> params = new ArrayList<>();
    for (Object p : item.getJsonArray("parameters", new JsonArray())) {
      params.add(resolve((JsonObject) p));
    }
    for (Object p : op.getJsonArray("parameters", new JsonArray())) {
      params.add(resolve((JsonObject) p));
    }
    if (!params.isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      for (JsonObject p : params) {
        rows.add(new String[] {"`" + p.getString("name") + "`", p.getString("in"), type(p.getJsonObject("schema")),
            p.getBoolean("required", false) ? "yes" : "no", p.getString("description", "")});
      }
      w.table(List.of("parameter", "in", "type", "required", "description"), rows);
    }
    JsonObject body = op.getJsonObject("requestBody");
    if (body != null) {
      JsonObject content = resolve(body).getJsonObject("content");
      for (String mediaType : content.fieldNames()) {
        JsonObject schema = resolve(content.getJsonObject(mediaType).getJsonObject("schema", new JsonObject()));
        w.paragraph("Request body (`" + mediaType + "`)" + (schema.containsKey("description") ? ": " + schema.getString("description") : ":"));
        fields(w, schema);
      }
    }
    List<String[]> responses = new ArrayList<>();
    JsonObject rs = op.getJsonObject("responses", new JsonObject());
    for (String status : rs.fieldNames()) {
      JsonObject r = resolve(rs.getJsonObject(status));
      String schema = "";
      JsonObject content = r.getJsonObject("content");
      if (content != null && content.getJsonObject("application/json") != null) {
        schema = type(content.getJsonObject("application/json").getJsonObject("schema"));
      }
      responses.add(new String[] {status, r.getString("description", ""), schema});
    }
    w.table(List.of("status", "meaning", "body"), responses);
  }

  private void fields(Writer w, JsonObject schema) {
    JsonObject properties = schema.getJsonObject("properties");
    if (properties == null) {
      w.paragraph(type(schema));
      return;
    }
    JsonArray required = schema.getJsonArray("required", new JsonArray());
    List<String[]> rows = new ArrayList<>();
    for (String name : properties.fieldNames()) {
      JsonObject property = properties.getJsonObject(name);
      JsonObject resolved = resolve(property);
      rows.add(new String[] {"`" + name + "`", type(property), required.contains(name) ? "yes" : "no",
          property.getString("description", resolved.getString("description", ""))});
    }
    w.table(List.of("field", "type", "required", "description"), rows);
  }

  /** A short type description: the schema name of a $ref, or its type with its limits. */
  private String type(JsonObject schema) {
    if (schema == null) {
      return "";
    }
    if (schema.containsKey("$ref")) {
      String ref = schema.getString("$ref");
      return ref.substring(ref.lastIndexOf('/') + 1);
    }
    if (schema.containsKey("oneOf")) {
      List<String> options = new ArrayList<>();
      schema.getJsonArray("oneOf").forEach(o -> options.add(type((JsonObject) o)));
      return String.join(" or ", options);
    }
    if (schema.containsKey("allOf")) {
      List<String> parts = new ArrayList<>();
      schema.getJsonArray("allOf").forEach(o -> parts.add(type((JsonObject) o)));
      return String.join(" + ", parts);
    }
    Object t = schema.getValue("type");
    String type = t instanceof JsonArray a ? String.join(" or ", a.stream().map(String::valueOf).toList()) : String.valueOf(t);
    if ("array".equals(type)) {
      return "array of " + type(schema.getJsonObject("items"));
    }
    if ("object".equals(type) && schema.containsKey("properties")) {
      return "object";
    }
    List<String> limits = new ArrayList<>();
    if (schema.containsKey("enum")) {
      limits.add("one of " + String.join(", ", schema.getJsonArray("enum").stream().map(String::valueOf).toList()));
    }
    if (schema.containsKey("minLength") || schema.containsKey("maxLength")) {
      limits.add(schema.getInteger("minLength", 0) + "-" + schema.getValue("maxLength", "…") + " chars");
    }
    if (schema.containsKey("minimum") || schema.containsKey("maximum")) {
      limits.add(schema.getValue("minimum", "…") + "-" + schema.getValue("maximum", "…"));
    }
    if (schema.containsKey("format")) {
      limits.add(schema.getString("format"));
    }
    return limits.isEmpty() ? type : type + " (" + String.join("; ", limits) + ")";
  }

  /** Follows a local {@code $ref} ("#/components/…") once. */
  private JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null || !ref.startsWith("#/")) {
      return node;
    }
    JsonObject target = spec;
    for (String part : ref.substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return resolve(target);
  }

  private interface Writer {
    void heading(int level, String text);

    void paragraph(String text);

    /** A block of text that may itself be Markdown (descriptions). */
    void text(String markdown);

    void table(List<String> headers, List<String[]> rows);
  }

  private static final class MarkdownWriter implements Writer {
    private final StringBuilder out = new StringBuilder();

    @Override
    public void heading(int level, String text) {
      out.append("#".repeat(level)).append(' ').append(text).append("\n\n");
    }

    @Override
    public void paragraph(String text) {
      if (!text.isBlank()) {
        out.append(text.strip()).append("\n\n");
      }
    }

    @Override
    public void text(String markdown) {
      paragraph(markdown);
    }

    @Override
    public void table(List<String> headers, List<String[]> rows) {
      out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
      headers.forEach(h -> out.append("---|"));
      out.append('\n');
      for (String[] row : rows) {
        out.append("| ");
        for (int i = 0; i < row.length; i++) {
          out.append(row[i].replace("|", "\\|").replace("\n", " ").strip()).append(i + 1 < row.length ? " | " : " |\n");
        }
      }
      out.append('\n');
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  private static final class HtmlWriter implements Writer {
    private final StringBuilder out = new StringBuilder();

    HtmlWriter(String title) {
      out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
          .append(" reference</title><style>body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;"
              + "padding:0 1rem;line-height:1.45}table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;"
              + "padding:.25rem .5rem;text-align:left;vertical-align:top}code{background:#f4f4f4;padding:0 .2rem}"
              + "h3{margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}</style></head><body>");
    }

    @Override
    public void heading(int level, String text) {
      out.append("<h").append(level).append('>').append(inline(text)).append("</h").append(level).append('>');
    }

    @Override
    public void paragraph(String text) {
      if (!text.isBlank()) {
        out.append("<p>").append(inline(text.strip())).append("</p>");
      }
    }

    @Override
    public void text(String markdown) {
      for (String block : markdown.strip().split("\n\\s*\n")) {
        paragraph(block.replace('\n', ' '));
      }
    }

    @Override
    public void table(List<String> headers, List<String[]> rows) {
      out.append("<table><tr>");
      headers.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
      out.append("</tr>");
      for (String[] row : rows) {
        out.append("<tr>");
        for (String cell : row) {
          out.append("<td>").append(inline(cell)).append("</td>");
        }
        out.append("</tr>");
      }
      out.append("</table>");
    }

    String finish() {
      return out.append("</body></html>").toString();
    }

    /** Escapes HTML, then renders `code` and **bold**. */
    private static String inline(String text) {
      return escape(text).replaceAll("`([^`]+)`", "<code>$1</code>").replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
    }

    private static String escape(String text) {
      return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
  }
}
