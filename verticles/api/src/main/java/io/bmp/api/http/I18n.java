package io.bmp.api.http;

import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Messages in the caller's language (en-US or zh-CN) from the {@code i18n/messages} bundles:
 * one per error code ({@code code.NOT_FOUND}), and the keyed messages of {@link
 * BmpException#localized}. An argument that is itself a key ({@code noun.user}) is translated too.
 */
public final class I18n {

  public static final String EN = "en-US";
  public static final String ZH = "zh-CN";

  private static final ResourceBundle ENGLISH = ResourceBundle.getBundle("i18n/messages", Locale.ROOT);
  private static final ResourceBundle CHINESE = ResourceBundle.getBundle("i18n/messages", Locale.SIMPLIFIED_CHINESE);

  private I18n() {}

  /** en-US or zh-CN from a user setting or an Accept-Language header; English when unsure. */
  public static String language(String setting, String acceptLanguage) {
    if (setting != null && (setting.equals(ZH) || setting.equals(EN))) {
      return setting;
    }
    if (acceptLanguage != null) {
      for (String part : acceptLanguage.split(",")) {
        String tag = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (tag.startsWith("zh")) {
          return ZH;
        }
        if (tag.startsWith("en")) {
          return EN;
        }
      }
    }
    return EN;
  }

  public static String text(String language, String key, Object... args) {
    ResourceBundle bundle = ZH.equals(language) ? CHINESE : ENGLISH;
    Object[] translated = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      translated[i] = args[i] instanceof String s && s.startsWith("noun.") ? lookup(bundle, s, s)
          : args[i] instanceof SchemaReason reason ? reason.in(language) : args[i];
    }
    String pattern = lookup(bundle, key, null);
    return pattern == null ? null : new MessageFormat(pattern, ZH.equals(language) ? Locale.SIMPLIFIED_CHINESE : Locale.ROOT)
        .format(translated);
  }

  /**
   * The message of a failure in {@code language}: its keyed message when it has one, else (for
   * Chinese) the code's generic message followed by the English detail, else the English message.
   */
  public static String message(String language, BmpException error) {
    if (error.messageKey() != null) {
      String text = text(language, error.messageKey(), error.messageArgs());
      if (text != null) {
        return text;
      }
    }
    if (ZH.equals(language)) {
      String generic = text(ZH, "code." + error.code().name());
      if (generic != null) {
        return error.code() == ErrorCode.INTERNAL ? generic : generic + "：" + error.getMessage();
      }
    }
    return error.getMessage();
  }

  private static String lookup(ResourceBundle bundle, String key, String fallback) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return fallback;
    }
  }
}
