package io.sluice.monitor.session;

import java.util.Optional;

/**
 * Asks the operator to confirm an action that changes the cluster and to say why; the reason
 * is recorded by the nodes with the operator's name. Empty when the operator cancels. The app
 * shows {@code io.sluice.monitor.fx.ReasonDialog}; tests answer with a lambda.
 */
@FunctionalInterface
public interface ReasonPrompt {

    /**
     * @param title    the action, e.g. "Trip breaker demo"
     * @param question what the operator confirms, e.g. "Every node stops calling demo until reset."
     * @return the reason, stripped and not blank; empty if cancelled
     */
    Optional<String> ask(String title, String question);
}
