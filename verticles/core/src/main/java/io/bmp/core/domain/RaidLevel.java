package io.bmp.core.domain;

/** A RAID level a volume may use. */
public record RaidLevel(String id, String name, int minDisks, String descriptionEn, String descriptionZh) {}
