import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** The owner of a service as a link to its group, or a dash when it has none. */
export function OwnerLink(props: { owner?: string | null }) {
  return props.owner ? (
    <EntityRefLink entityRef={props.owner} defaultKind="group" />
  ) : (
    <>—</>
  );
}
