package io.bmp.api.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the contract refused a value, as vertx-json-schema says it (in English) and as a Chinese
 * caller reads it: the failed keyword picks the sentence, and the limit the library names (a
 * length, a bound, a count) is carried over. Unknown keywords keep the library's words.
 */
record SchemaReason(String keyword, String english) {

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  /** The English words: what the audit log keeps and what {@code toString} gives. */
  @Override
  public String toString() {
    return english;
  }

  String in(String language) {
    if (!I18n.ZH.equals(language)) {
      return english;
    }
    // "String is too long (300 > 128)": the limit is the last number the library names.
    Matcher number = NUMBER.matcher(english);
    String limit = null;
    while (number.find()) {
      limit = number.group();
    }
    return switch (keyword) {
      case "type" -> "类型不对";
      case "enum", "const" -> "不是允许的取值";
      case "pattern", "format" -> "格式不对";
      case "maxLength" -> limit == null ? "太长" : "长度不能超过 " + limit + " 个字符";
      case "minLength" -> limit == null ? "太短" : "长度不能少于 " + limit + " 个字符";
      case "maximum", "exclusiveMaximum" -> limit == null ? "超过上限" : "不能大于 " + limit;
      case "minimum", "exclusiveMinimum" -> limit == null ? "低于下限" : "不能小于 " + limit;
      case "maxItems" -> limit == null ? "元素太多" : "最多 " + limit + " 项";
      case "minItems" -> limit == null ? "元素太少" : "至少 " + limit + " 项";
      case "uniqueItems" -> "不能有重复的项";
      case "required" -> "缺少必填字段";
      case "additionalProperties", "unevaluatedProperties", "properties" -> "不允许的字段";
      default -> english;
    };
  }
}
