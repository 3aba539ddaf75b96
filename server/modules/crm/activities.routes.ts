import {
  ActivitySchema,
  CreateActivity,
  CreateTask,
  ListActivities,
  ListTasks,
  TaskSchema,
  UpdateActivity,
  UpdateTask,
} from './activities.schemas';
import { activitySpec, taskSpec } from './activities.record';
import { recordRoutes } from './record-routes';

export const activitiesRoutes = recordRoutes({
  tag: 'Activities',
  name: 'Activity',
  spec: activitySpec,
  dto: ActivitySchema,
  create: CreateActivity,
  update: UpdateActivity,
  list: ListActivities,
});
export const tasksRoutes = recordRoutes({
  tag: 'Tasks',
  name: 'Task',
  spec: taskSpec,
  dto: TaskSchema,
  create: CreateTask,
  update: UpdateTask,
  list: ListTasks,
});
