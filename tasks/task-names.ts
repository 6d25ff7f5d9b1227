export const TASK_SWARM_SETUP = "swarm:setup";
export const TASK_SWARM_PROVE = "swarm:prove";
export const TASK_SWARM_SUBMIT = "swarm:submit";
export const TASK_SWARM_DEMO = "swarm:demo";
export const TASK_DREX_DEPLOY_LOCAL = "drex:deploy-local";
export const TASK_DREX_RESOLVE = "drex:resolve";
export const TASK_SWARM_PLAN = "swarm:plan";
export const TASK_SWARM_DEPLOY = "swarm:deploy";
