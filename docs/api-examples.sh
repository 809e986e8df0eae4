#!/usr/bin/env bash
# The curl examples of docs/api.md, runnable as they are against a node started with
#   java -jar verticles/launcher/target/bmp.jar
# Needs only bash and curl. BMP (default http://localhost:8080) is the node; the first
# administrator's password is $BMP_ADMIN_PASSWORD, else the file the first start wrote.
set -euo pipefail
BMP=${BMP:-http://localhost:8080}
PASSWORD=${BMP_ADMIN_PASSWORD:-$(cat data/admin-password)}
json() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }   # the first "key":"value" of a JSON answer

# 1. Log in as a console does: the session cookie goes to cookies.txt, the CSRF token comes back.
CSRF=$(curl -sf -c cookies.txt -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" "$BMP/v1/login" | json csrfToken)

# 2. With the session (and its CSRF token), create an API key for scripts. The key is shown once.
KEY=$(curl -sf -b cookies.txt -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  -d '{"name":"my-script"}' "$BMP/v1/api-keys" | json key)
AUTH="Authorization: Bearer $KEY"

# 3. From here on the key alone: who am I?
curl -sf -H "$AUTH" "$BMP/v1/profile" | json username

# 4. A room (its BMC password is stored encrypted and never returned), a device type, an OS and an image.
ROOM=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"name":"Beijing A","shortName":"bja","bmcUser":"admin","bmcPassword":"calvin"}' "$BMP/v1/rooms" | json id)
TYPE=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "{\"roomId\":\"$ROOM\",\"name\":\"Compute 2U\",
  \"specCode\":\"bmp.c.2u\",\"series\":\"computer\",\"architecture\":\"x86_64\",\"bootModes\":[\"uefi\"],
  \"volumes\":[{\"name\":\"system\",\"volumeType\":\"system\",\"diskType\":\"SSD\",\"interfaceType\":\"SATA\",
  \"sizeGb\":480,\"amount\":2,\"raidLevelIds\":[\"r-raid1\"]}]}" "$BMP/v1/device-types" | json id)
OS=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"name":"Ubuntu 22.04","osType":"Ubuntu","osVersion":"22.04","architecture":"x86_64"}' \
  "$BMP/v1/operating-systems" | json id)
IMAGE=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' -d "{\"name\":\"ubuntu-22.04\",\"osId\":\"$OS\",
  \"bootModes\":[\"uefi\"],\"format\":\"raw.gz\",\"url\":\"http://images.example/ubuntu-22.04.raw.gz\",
  \"sha256\":\"$(printf 'ab%.0s' {1..32})\"}" "$BMP/v1/images" | json id)

# 5. Bind the image to the type and give it a partition layout.
curl -sf -X PUT -H "$AUTH" "$BMP/v1/device-types/$TYPE/images/$IMAGE"
curl -sf -X PUT -H "$AUTH" -H 'Content-Type: application/json' -d "{\"imageId\":\"$IMAGE\",\"bootMode\":\"uefi\",
  \"partitions\":[{\"mountPoint\":\"/boot\",\"fsType\":\"ext4\",\"sizeMb\":1024},
  {\"mountPoint\":\"/\",\"fsType\":\"xfs\",\"sizeMb\":0}]}" "$BMP/v1/device-types/$TYPE/partition-templates" > /dev/null

# 6. Import devices from CSV: every bad row is reported and nothing is imported until all are good.
printf 'sn,cabinet,uPosition,mac1,mask,ipv4,ipv6,gateway,bmcAddress,bmcUser,bmcPassword,mac2\n%s\n%s\n' \
  'SN1001,A01,10,52:54:00:aa:00:01,255.255.255.0,10.1.0.11,,10.1.0.1,10.2.0.11,,,' \
  'SN1002,A01,12,52:54:00:aa:00:02,255.255.255.0,10.1.0.12,,10.1.0.1,10.2.0.12,,,' > devices.csv
curl -sf -H "$AUTH" -H 'Content-Type: text/csv' --data-binary @devices.csv \
  "$BMP/v1/devices/import?roomId=$ROOM&deviceTypeId=$TYPE"

# 7. A page of the room's devices in stock, 20 at a time, newest first, with the total.
curl -sf -H "$AUTH" "$BMP/v1/devices?roomId=$ROOM&state=in_stock&pageSize=20&sort=-createdAt" | json sn

# 8. Put a device on the shelf: the answer (202) is the task that does it.
DEVICE=$(curl -sf -H "$AUTH" "$BMP/v1/devices?sn=SN1001" | json id)
TASK=$(curl -sf -X POST -H "$AUTH" "$BMP/v1/devices/$DEVICE/shelve" | json id)
curl -sf -H "$AUTH" "$BMP/v1/tasks?deviceId=$DEVICE" | json state

# 8b. Upload an image: streamed to the store and checked against its SHA-256 (sha256sum's).
head -c 1048576 /dev/urandom > tiny.raw
curl -sf -H "$AUTH" -H 'Content-Type: application/octet-stream' --data-binary @tiny.raw \
  "$BMP/v1/images/upload?name=tiny&osId=$OS&format=raw&bootModes=uefi&sha256=$(sha256sum tiny.raw | cut -d' ' -f1)" | json state
# ... and a device's disks as its last LiveOS inventory found them (none before its first boot).
curl -sf -H "$AUTH" "$BMP/v1/devices/$DEVICE/disks"; echo

# 9. Errors: a stable code, a message, the field at fault and the request id (HTTP 400 here).
curl -s -H "$AUTH" "$BMP/v1/devices?pageSize=5000"; echo
# ... in Chinese for a caller who asks (anonymous callers follow Accept-Language).
curl -s -H 'Accept-Language: zh-CN' "$BMP/v1/profile"; echo
echo "task $TASK"
