/**
 * Agents (issue 5): the embedded runner that runs each agent as an OS process in its own workspace,
 * and the responders the agent routes (routes/agents.camel.yaml, routes/http-agents.camel.yaml) call
 * for spawn, control (all twelve command types), list, output queries, batches and custom actions.
 * ZMQ, HTTP and in-hub callers share one dispatch, direct:agent-request; every request, response and
 * agent event (status_update, log_stream) is recorded through direct:record like any other frame.
 */
package io.descartes.hub.agents;
