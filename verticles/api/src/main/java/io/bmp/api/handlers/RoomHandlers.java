package io.bmp.api.handlers;

import io.bmp.api.ApiContext;
import io.bmp.api.http.CatalogViews;
import io.bmp.api.http.Call;
import io.bmp.api.http.OperationTable;
import io.bmp.api.http.Reply;
import io.bmp.api.http.Views;
import io.bmp.core.domain.Room;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Rooms. The default BMC password is encrypted on the way in and never comes out. */
public final class RoomHandlers {

  private final ApiContext api;

  public RoomHandlers(ApiContext api) {
    this.api = api;
  }

  public void register(OperationTable table) {
    table.on("listRooms", this::list).on("createRoom", this::create).on("getRoom", this::get)
        .on("updateRoom", this::update).on("deleteRoom", this::delete);
  }

  private Future<Reply> list(Call call) {
    return api.rooms.page(call.query("name"), call.page(), call.sort())
        .map(p -> Reply.ok(Views.page(p, r -> CatalogViews.room(r, call.caller()))));
  }

  private Future<Reply> create(Call call) {
    JsonObject b = call.body();
    Room room = new Room(Ids.next("idc"), b.getString("name"), b.getString("nameEn"), b.getString("shortName"),
        b.getString("level"), b.getString("address"), b.getString("description"), b.getString("bmcUser"),
        seal(b.getString("bmcPassword")), null, null, 0);
    return api.rooms.create(room).map(r -> Reply.created(CatalogViews.room(r), r.id()));
  }

  private Future<Reply> get(Call call) {
    return api.rooms.get(call.path("id")).map(r -> Reply.ok(CatalogViews.room(r, call.caller())));
  }

  private Future<Reply> update(Call call) {
    JsonObject b = call.body();
    return api.rooms.get(call.path("id")).compose(r -> api.rooms.update(new Room(r.id(), b.getString("name", r.name()),
            b.getString("nameEn", r.nameEn()), b.getString("shortName", r.shortName()), b.getString("level", r.level()),
            b.getString("address", r.address()), b.getString("description", r.description()),
            b.getString("bmcUser", r.bmcUser()),
            b.containsKey("bmcPassword") ? seal(b.getString("bmcPassword")) : r.bmcPasswordEnc(),
            r.createdAt(), r.updatedAt(), b.getInteger("version"))))
        .map(r -> Reply.ok(CatalogViews.room(r)));
  }

  private Future<Reply> delete(Call call) {
    return api.rooms.delete(call.path("id")).map(v -> Reply.noContent(call.path("id")));
  }

  /** Encrypts a password for storage; an empty one means "none". */
  private String seal(String password) {
    return password == null || password.isEmpty() ? null : api.secrets.encrypt(password);
  }
}
