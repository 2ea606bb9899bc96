package io.signet.redis;

import io.signet.hub.HubEndpoint;

/** {@link ResumeHub} at a path of its own, configured with a short resume window. */
@HubEndpoint("/resume-briefly")
public class BriefResumeHub extends ResumeHub {}
