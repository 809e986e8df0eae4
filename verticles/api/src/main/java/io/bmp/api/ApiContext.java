package io.bmp.api;

import io.bmp.api.auth.CallerCache;
import io.bmp.api.auth.Passwords;
import io.bmp.api.auth.Sessions;
import io.bmp.core.cache.Cache;
import io.bmp.core.crypto.SecretBox;
import io.bmp.core.repo.ApiKeyRepository;
import io.bmp.core.repo.AuditLogRepository;
import io.bmp.core.repo.CatalogRepository;
import io.bmp.core.repo.DeviceRepository;
import io.bmp.core.repo.DeviceTypeRepository;
import io.bmp.core.repo.InstanceRepository;
import io.bmp.core.repo.MessageRepository;
import io.bmp.core.repo.RoomRepository;
import io.bmp.core.repo.TaskRepository;
import io.bmp.core.repo.ProjectRepository;
import io.bmp.core.repo.SshKeyRepository;
import io.bmp.core.repo.UserRepository;
import io.bmp.core.storage.Database;
import io.vertx.core.Vertx;

/** What the api's handlers share: storage, cache, secrets and the repositories. One per verticle instance. */
public final class ApiContext {

  public final Vertx vertx;
  public final Database database;
  public final Cache cache;
  public final SecretBox secrets;
  public final Passwords passwords;
  public final Sessions sessions;
  public final UserRepository users;
  public final ProjectRepository projects;
  public final ApiKeyRepository apiKeys;
  public final SshKeyRepository sshKeys;
  public final AuditLogRepository auditLog;
  public final RoomRepository rooms;
  public final DeviceTypeRepository deviceTypes;
  public final DeviceRepository devices;
  public final CatalogRepository catalog;
  public final TaskRepository tasks;
  public final InstanceRepository instances;
  public final MessageRepository messages;
  public final CallerCache callers;

  public ApiContext(Vertx vertx, Database database, Cache cache, SecretBox secrets) {
    this.vertx = vertx;
    this.database = database;
    this.cache = cache;
    this.secrets = secrets;
    this.passwords = new Passwords(vertx);
    this.sessions = new Sessions(vertx, cache);
    this.users = new UserRepository(database);
    this.projects = new ProjectRepository(database);
    this.apiKeys = new ApiKeyRepository(database);
    this.sshKeys = new SshKeyRepository(database);
    this.auditLog = new AuditLogRepository(database);
    this.rooms = new RoomRepository(database);
    this.deviceTypes = new DeviceTypeRepository(database);
    this.devices = new DeviceRepository(database);
    this.catalog = new CatalogRepository(database);
    this.tasks = new TaskRepository(database);
    this.instances = new InstanceRepository(database);
    this.messages = new MessageRepository(database);
    this.callers = new CallerCache(vertx);
  }
}
