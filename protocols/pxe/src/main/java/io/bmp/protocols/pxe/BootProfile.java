package io.bmp.protocols.pxe;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Everything a per-MAC boot config says: which LiveOS kernel and initrd to load, where the agent
 * reports, and the one-time token it proves itself with.
 *
 * <p>Boot configs travel in clear text over TFTP and HTTP and end up on a kernel command line that
 * any process of the node can read, so this type admits no secret but the one-time agent token:
 * URLs with user information and arguments that look like credentials are refused when it is made.
 */
public record BootProfile(String mac, String kernelUrl, String initrdUrl, List<String> kernelArgs,
    String agentEndpoint, String agentToken) {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  /**
   * Credential-looking text anywhere in an argument: the words, connection URLs, and user:password@host
   * with or without a scheme ({@code bmp.mq=guest:guest@10.0.0.1:5672}).
   */
  private static final Pattern CREDENTIAL_ARG = Pattern.compile(
      "(?i).*(password|passwd|secret|amqp://|amqps://|jdbc:|mysql://|redis://|[^\\s/=:@]+:[^\\s/@]*@[^\\s/@]+).*");
  /**
   * Words that name a credential, matched against each dot-, dash- or underscore-separated word of
   * an argument's or query parameter's name ({@code db_pass}, {@code apikey}, {@code vault.token}),
   * so that {@code spec_store_bypass_disable} is not one. Not "key" or "auth": {@code rd.luks.key}
   * names a key file, and module parameters such as {@code sunrpc.auth_hashtable_size} are no secret.
   */
  private static final java.util.Set<String> CREDENTIAL_WORDS = java.util.Set.of("pass", "passwd", "password", "pwd",
      "passphrase", "secret", "token", "credential", "credentials", "apikey", "authorization", "pw");
  /** Endings that make a word name a credential too ({@code dbpass}, {@code mqpwd}), bar the words that merely end so. */
  private static final List<String> CREDENTIAL_ENDINGS = List.of("pass", "passwd", "password", "pwd", "secret", "token");
  private static final java.util.Set<String> NOT_CREDENTIALS = java.util.Set.of("bypass", "nopass");

  public BootProfile {
    mac = canonicalMac(mac);
    kernelUrl = checkedUrl("kernel", kernelUrl);
    initrdUrl = checkedUrl("initrd", initrdUrl);
    agentEndpoint = checkedUrl("agent endpoint", agentEndpoint);
    if (agentToken == null || !TOKEN.matcher(agentToken).matches()) {
      throw new IllegalArgumentException("the agent token must be 16-128 URL-safe characters");
    }
    kernelArgs = List.copyOf(kernelArgs);
    for (String arg : kernelArgs) {
      if (arg.isBlank() || arg.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == 0x7f)) {
        throw new IllegalArgumentException("a kernel argument must be one word of printable characters: " + arg);
      }
      String name = arg.split("=", 2)[0];
      // Percent-encoding does not hide a URL from the check (amqp%3A%2F%2Fguest%3Aguest%40host).
      String decoded = decoded(arg);
      if (CREDENTIAL_ARG.matcher(arg).matches() || CREDENTIAL_ARG.matcher(decoded).matches()
          || namesACredential(name) || namesACredential(decoded.split("=", 2)[0])) {
        throw new IllegalArgumentException("kernel arguments must not carry credentials: " + name);
      }
    }
  }

  private static String checkedUrl(String what, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("the " + what + " URL is not a URL: " + url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("tftp")) {
      throw new IllegalArgumentException("the " + what + " URL must be http, https or tftp: " + url);
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the " + what + " URL must not carry credentials");
    }
    String query = uri.getRawQuery();
    if (query != null) {
      for (String parameter : query.split("&")) {
        if (CREDENTIAL_ARG.matcher(parameter).matches() || namesACredential(parameter.split("=", 2)[0])) {
          throw new IllegalArgumentException("the " + what + " URL must not carry credentials: " + parameter.split("=", 2)[0]);
        }
      }
    }
    if (url.chars().anyMatch(c -> c <= ' ' || c == '"' || c == 0x7f)) {
      throw new IllegalArgumentException("the " + what + " URL has spaces or quotes: " + url);
    }
    return url;
  }

  private static boolean namesACredential(String name) {
    for (String word : name.toLowerCase(Locale.ROOT).split("[._-]")) {
      if (CREDENTIAL_WORDS.contains(word)) {
        return true;
      }
      if (!NOT_CREDENTIALS.contains(word) && CREDENTIAL_ENDINGS.stream().anyMatch(word::endsWith)) {
        return true;
      }
    }
    return false;
  }

  private static String decoded(String text) {
    try {
      return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  static String canonicalMac(String mac) {
    String hex = mac == null ? "" : mac.trim().toLowerCase(Locale.ROOT).replace(":", "").replace("-", "");
    if (!hex.matches("[0-9a-f]{12}")) {
      throw new IllegalArgumentException("not a MAC address: " + mac);
    }
    return hex.replaceAll("(..)(?!$)", "$1:");
  }

  /** The arguments the LiveOS agent reads from /proc/cmdline, after the operator's own. */
  public List<String> commandLine() {
    List<String> args = new java.util.ArrayList<>(kernelArgs);
    args.add("bmp.agent=" + agentEndpoint);
    args.add("bmp.token=" + agentToken);
    args.add("bmp.mac=" + mac);
    return args;
  }
}
