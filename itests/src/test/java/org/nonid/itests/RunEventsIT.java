package org.nonid.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.nonid.api.run.ExperimentService;
import org.nonid.api.run.RunEvents;
import org.nonid.api.run.RunHandle;
import org.nonid.api.run.RunOutcome;
import org.nonid.api.run.RunSpec;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** A bundle that listens on Event Admin sees each run start, progress and end. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RunEventsIT {
    @Inject
    private BundleContext context;

    @Inject
    private ExperimentService experiments;

    @Configuration
    public Option[] config() {
        return Runtime.options("run-events-it").toArray(new Option[0]);
    }

    @Test
    public void aRunIsStartedProgressesAndEndsOnTheEventBus() throws Exception {
        List<Event> seen = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, RunEvents.ALL);
        ServiceRegistration<EventHandler> registration = context.registerService(EventHandler.class, seen::add, props);
        try {
            RunSpec spec = new RunSpec("events", 0, "aNbN", Map.of("maxLength", 8), "linear", Map.of("embedding", 4),
                    Map.of("steps", 20, "batchSize", 0), Map.of("every", 10, "promptLength", 4), "mle", Map.of(),
                    List.of("loss", "rule-extrapolation"), 3, "cpu");
            RunHandle handle = experiments.start(spec, p -> { });
            RunOutcome outcome = handle.await(120, TimeUnit.SECONDS).orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.stream().noneMatch(e -> e.getTopic().equals(RunEvents.ENDED)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<Event> ours = seen.stream().filter(e -> Long.valueOf(handle.runId()).equals(e.getProperty(RunEvents.RUN)))
                    .toList();
            assertTrue(ours.toString(), ours.size() >= 3);
            assertEquals(RunEvents.STARTED, ours.get(0).getTopic());
            assertEquals("events", ours.get(0).getProperty(RunEvents.EXPERIMENT));
            assertEquals("linear", ours.get(0).getProperty(RunEvents.MODEL));
            Event last = ours.get(ours.size() - 1);
            assertEquals(RunEvents.ENDED, last.getTopic());
            assertEquals(outcome.status().label(), last.getProperty(RunEvents.STATUS));
            assertEquals("finished", last.getProperty(RunEvents.STATUS));
            List<Event> progress = ours.stream().filter(e -> e.getTopic().equals(RunEvents.PROGRESS)).toList();
            assertTrue("an evaluation's metrics travel with the progress", progress.stream().anyMatch(e ->
                    ((Map<?, ?>) e.getProperty(RunEvents.EVALUATION)).containsKey(org.nonid.api.run.RunMetrics.VALIDATION_LOSS.key())));
            assertEquals(20L, progress.get(progress.size() - 1).getProperty(RunEvents.STEP));
        } finally {
            registration.unregister();
        }
    }
}
