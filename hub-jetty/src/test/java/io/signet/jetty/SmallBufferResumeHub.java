package io.signet.jetty;

import io.signet.hub.HubEndpoint;

/** {@link ResumeHub} at a path of its own, so that a test reaches it through its own context. */
@HubEndpoint("/resume-small")
public class SmallBufferResumeHub extends ResumeHub {}
