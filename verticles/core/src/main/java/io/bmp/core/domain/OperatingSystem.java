package io.bmp.core.domain;

/** An operating system that images are made of. */
public record OperatingSystem(String id, String name, String osType, String osVersion, String architecture, int bits,
    String sysUser) {}
