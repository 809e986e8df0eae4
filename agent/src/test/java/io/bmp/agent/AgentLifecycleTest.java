package io.bmp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bmp.agent.host.Host;
import io.bmp.core.contract.AgentContract;
import io.bmp.core.contract.AgentContract.Command;
import io.bmp.core.contract.AgentContract.Report;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the scheduler learns of an agent's life, against a stand-in gateway over real HTTP: a
 * process that dies in the middle of a command (the JVM crashing under load, the OOM killer) and
 * is started again in the same boot reports that command lost, so the scheduler retries it at once;
 * a command without figures is accompanied by heartbeats, so a silent agent can be told from a
 * slow one; a stopped agent (its machine powered off) sends nothing more.
 */
class AgentLifecycleTest {

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer gateway;
  private WorkerExecutor worker;
  private final List<Report> reports = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
  private final List<String> polls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void gateway() throws Exception {
    vertx = Vertx.vertx();
    worker = vertx.createSharedWorkerExecutor("test-agent-host", 2);
    gateway = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().endsWith(AgentContract.PATH_REPORTS)) {
        request.body().onSuccess(body -> {
          reports.add(Report.fromJson(body.toJsonObject()));
          request.response().setStatusCode(200).end("{}");
        });
      } else if (request.path().endsWith(AgentContract.PATH_COMMANDS)) {
        polls.add(request.getHeader("Authorization"));
        Command next = commands.poll();
        if (next == null) {
          vertx.setTimer(100, t -> request.response().setStatusCode(204).end());
        } else {
          request.response().putHeader("Content-Type", "application/json").end(next.toJson().encode());
        }
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aCommandLeftRunningByAnEarlierProcessIsReportedLostThenTheAgentTakesCommands() throws Exception {
    Path file = dir.resolve("running-command.json");
    Files.writeString(file, new JsonObject().put("id", "step-w.1").put("kind", AgentContract.WRITE_IMAGE).encode());
    Agent agent = agent(host(new CountDownLatch(0)), CommandJournal.inFile(file));

    agent.resume("d-1", "session-1").await();

    await(() -> !reports.isEmpty() && !Files.exists(file), "the lost command reported and the journal cleared");
    Report lost = reports.get(0);
    assertThat(lost.commandId()).isEqualTo("step-w.1");
    assertThat(lost.ok()).isFalse();
    assertThat(lost.errorCode()).isEqualTo("AGENT_RESTARTED");
    assertThat(lost.message()).startsWith(AgentContract.WRITE_IMAGE + ": ");
    await(() -> !polls.isEmpty(), "the agent went on polling for commands");
    assertThat(polls.get(0)).isEqualTo("Bearer session-1");
    agent.stop();
  }

  @Test
  void theJournalHoldsTheRunningCommandWithoutItsParametersUntilItsResultIsDelivered() throws Exception {
    Path file = dir.resolve("running-command.json");
    CountDownLatch release = new CountDownLatch(1);
    Agent agent = agent(host(release), CommandJournal.inFile(file));
    commands.add(new Command("step-i.1", "d-1", AgentContract.INVENTORY, new JsonObject().put("hash", "$6$secret")));

    agent.resume("d-1", "session-1").await();

    await(() -> Files.exists(file), "the running command journaled");
    JsonObject entry = new JsonObject(Files.readString(file));
    assertThat(entry.getMap()).containsOnlyKeys("id", "kind");
    assertThat(entry.getString("id")).isEqualTo("step-i.1");
    assertThat(Files.readString(file)).doesNotContain("secret");
    assertThat(reports).as("heartbeats only, no result yet").allMatch(r -> AgentContract.PROGRESS.equals(r.kind()));

    release.countDown();
    await(() -> reports.stream().anyMatch(r -> r.ok() && "step-i.1".equals(r.commandId())) && !Files.exists(file),
        "the result delivered and the journal cleared");
    agent.stop();
  }

  @Test
  void anAgentWithNothingJournaledReportsNothingBeforeItsCommands() throws Exception {
    Agent agent = agent(host(new CountDownLatch(0)), CommandJournal.inFile(dir.resolve("running-command.json")));
    agent.resume("d-1", "session-1").await();
    await(() -> polls.size() >= 2, "the agent polling");
    assertThat(reports).isEmpty();
    agent.stop();
  }

  @Test
  void aCommandWithoutFiguresSendsHeartbeatsUntilItsResultAndNoneAfter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Agent agent = givenAnInventoryThatWaitsFor(release);

    agent.resume("d-1", "session-1").await();

    await(() -> heartbeats("step-i.1") >= 3, "three heartbeats while the command runs");
    assertThat(reports).allSatisfy(r -> {
      assertThat(r.kind()).isEqualTo(AgentContract.PROGRESS);
      assertThat(r.hasFigures()).as("a heartbeat carries no figures").isFalse();
    });
    release.countDown();
    await(() -> reports.stream().anyMatch(r -> AgentContract.RESULT.equals(r.kind())), "the result");
    int atResult = reports.size();
    Thread.sleep(500); // five heartbeat periods
    assertThat(reports.subList(atResult - 1, reports.size())).as("nothing after the result")
        .extracting(Report::kind).containsExactly(AgentContract.RESULT);
    agent.stop();
  }

  @Test
  void aStoppedAgentSendsNeitherHeartbeatsNorTheResultOfTheCommandItWasRunning() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Agent agent = givenAnInventoryThatWaitsFor(release);
    agent.resume("d-1", "session-1").await();
    await(() -> heartbeats("step-i.1") >= 1, "the command running");

    agent.stop();
    int atStop = reports.size();
    release.countDown();
    Thread.sleep(500); // the host returned at once; five heartbeat periods

    assertThat(reports).as("a machine powered off says nothing more").hasSize(atStop);
  }

  /** An agent without a journal, whose first command is an inventory that runs until {@code release}. */
  private Agent givenAnInventoryThatWaitsFor(CountDownLatch release) {
    commands.add(new Command("step-i.1", "d-1", AgentContract.INVENTORY, new JsonObject()));
    return agent(host(release), CommandJournal.NONE);
  }

  private long heartbeats(String commandId) {
    return reports.stream().filter(r -> commandId.equals(r.commandId()) && AgentContract.PROGRESS.equals(r.kind())
        && !r.hasFigures()).count();
  }

  private Agent agent(Host host, CommandJournal journal) {
    return new Agent(vertx, WebClient.create(vertx), "http://127.0.0.1:" + gateway.actualPort() + "/agent/v1", host,
        worker, 100).journal(journal);
  }

  /** A host whose inventory waits for {@code release}; nothing else is asked of it here. */
  private static Host host(CountDownLatch release) {
    return (Host) Proxy.newProxyInstance(Host.class.getClassLoader(), new Class<?>[] {Host.class}, (proxy, method, args) -> {
      if (method.getName().equals("inventory")) {
        release.await(30, TimeUnit.SECONDS);
        return new JsonObject().put("serial", "SN-1");
      }
      throw new UnsupportedOperationException(method.getName());
    });
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }
}
