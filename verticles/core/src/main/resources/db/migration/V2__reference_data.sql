-- Built-in reference data: roles and RAID levels. Users, rooms and images are never seeded here
-- (the first admin is created at first start with a password of the operator's choosing).

INSERT INTO roles (id, name, name_zh, description_en, description_zh, built_in) VALUES
  ('role-owner', 'Owner', '平台拥有者', 'Everything, on both consoles', '拥有全部权限', TRUE),
  ('role-operator', 'Operator', '运营人员', 'The operator platform: rooms, device types, images, devices, all instances; not users or roles', '运营平台：机房、机型、镜像、设备和全部实例；不含用户与角色', TRUE),
  ('role-user', 'User', '普通用户', 'Own and shared projects on the tenant console', '控制台中自己的和共享给自己的项目', TRUE);

INSERT INTO raid_levels (id, name, description_en, description_zh, min_disks) VALUES
  ('r-noraid', 'NORAID', 'No RAID: disks used one by one', '不做 RAID', 1),
  ('r-raid0', 'RAID0', 'Striping, no redundancy', '条带化，无冗余', 2),
  ('r-raid1', 'RAID1', 'Mirroring', '镜像', 2),
  ('r-raid5', 'RAID5', 'Striping with parity', '带奇偶校验的条带化', 3),
  ('r-raid10', 'RAID10', 'Mirrored stripes', '镜像加条带', 4),
  ('r-raid51h', 'RAID51H', 'RAID5 with one hot spare', 'RAID5 加一块热备盘', 4);
