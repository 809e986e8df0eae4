package io.bmp.core.domain;

/** One partition of a system disk layout; size 0 means "the rest of the disk". */
public record Partition(String mountPoint, String fsType, long sizeMb, String label) {}
