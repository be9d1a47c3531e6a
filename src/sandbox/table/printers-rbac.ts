/**
 * Printers for RoleBinding and ClusterRoleBinding (ROLE "ClusterRole/view", wide USERS / GROUPS
 * / SERVICEACCOUNTS). Role and ClusterRole have no printer in kube: they get the default
 * NAME / CREATED AT table.
 */
import type { Obj } from '../model.js';
import { AGE_COLUMN, NAME_COLUMN, defineColumn, type Printer } from './columns.js';
import { formatAge, readName, readObjects, readString } from './format.js';

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts. */
function formatSubjects(binding: Obj): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of readObjects(binding, 'subjects')) {
    const name = readString(s, 'name');
    switch (readString(s, 'kind')) {
      case 'ServiceAccount':
        sas.push(`${readString(s, 'namespace')}/${name}`);
        break;
      case 'User':
        users.push(name);
        break;
      case 'Group':
        groups.push(name);
        break;
    }
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function defineBindingPrinter(what: string): Printer {
  return {
    columns: [
      NAME_COLUMN,
      defineColumn(
        'Role',
        'string',
        'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
      ),
      AGE_COLUMN,
      defineColumn('Users', 'string', `Users in the ${what}`, { priority: 1 }),
      defineColumn('Groups', 'string', `Groups in the ${what}`, { priority: 1 }),
      defineColumn('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, { priority: 1 }),
    ],
    cells(binding, now) {
      const role = `${readString(binding, 'roleRef', 'kind')}/${readString(binding, 'roleRef', 'name')}`;
      return [readName(binding), role, formatAge(binding, now), ...formatSubjects(binding)];
    },
  };
}

export const ROLE_BINDING_PRINTER = defineBindingPrinter('roleBinding');
export const CLUSTER_ROLE_BINDING_PRINTER = defineBindingPrinter('clusterRoleBinding');
