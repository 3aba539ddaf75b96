import { activitySpec, taskSpec } from './activities.record';
import { recordRoutes } from './record-routes';

export const activitiesRoutes = recordRoutes(activitySpec);
export const tasksRoutes = recordRoutes(taskSpec);
