/** The agent and API version shipped together; bumped with package.json. */
export const AGENT_VERSION = '0.1.0';
export const API_PREFIX = '/api/v1';
