import {
  HelmChartInterface,
  ModuleInterface,
  SchemaProperty,
  TerraformModuleInterface,
  WorkflowInterface,
  XrdInterface,
} from '@platform-portal/plugin-platform-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { formatValue } from './interfacePresentation';
import { ReadableChip } from '../verdicts';
import { WrappingRow } from '../layout/WrappingRow';

/** One column of an interface table: its heading and how a row fills it. */
interface Column<T> {
  label: string;
  cell: (item: T) => ReactNode;
}

function Code({ children }: { children: ReactNode }) {
  return (
    <Box
      component="code"
      sx={{ fontFamily: 'monospace', wordBreak: 'break-word' }}
    >
      {children}
    </Box>
  );
}

function Description({ text }: { text?: string }) {
  if (!text) {
    return <>—</>;
  }
  // Terraform heredoc descriptions keep their line breaks.
  return (
    <Box component="span" sx={{ whiteSpace: 'pre-line' }}>
      {text}
    </Box>
  );
}

/** The columns most interface tables share; `typeFallback` is the type the format assumes. */
function typeColumn<T extends { type?: string }>(
  typeFallback: string,
): Column<T> {
  return {
    label: 'Type',
    cell: item => <Code>{item.type ?? typeFallback}</Code>,
  };
}

function requiredColumn<T extends { required: boolean }>(): Column<T> {
  return {
    label: 'Required',
    cell: item => <RequiredMark required={item.required} />,
  };
}

function descriptionColumn<T extends { description?: string }>(): Column<T> {
  return {
    label: 'Description',
    cell: item => <Description text={item.description} />,
  };
}

function sensitiveColumn<T extends { sensitive?: boolean }>(): Column<T> {
  return {
    label: 'Sensitive',
    cell: item => (item.sensitive ? 'Sensitive' : '—'),
  };
}

function RequiredMark({ required }: { required: boolean }) {
  return required ? (
    <ReadableChip size="small" color="primary" label="Required" />
  ) : (
    <Typography variant="body2" component="span" color="text.secondary">
      Optional
    </Typography>
  );
}

function InterfaceTable<T extends { name: string }>(props: {
  title: string;
  label: string;
  items: T[];
  empty: string;
  columns: Column<T>[];
}) {
  const { title, label, items, empty, columns } = props;
  return (
    <Box component="section" aria-label={label}>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        {title}
      </Typography>
      {items.length === 0 ? (
        <Typography variant="body2">{empty}</Typography>
      ) : (
        <TableContainer>
          <Table size="small" aria-label={label}>
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                {columns.map(column => (
                  <TableCell key={column.label}>{column.label}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map(item => (
                <TableRow key={item.name}>
                  <TableCell component="th" scope="row">
                    <Code>{item.name}</Code>
                  </TableCell>
                  {columns.map(column => (
                    <TableCell key={column.label}>
                      {column.cell(item)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Box>
  );
}

function TerraformView(props: { iface: TerraformModuleInterface; of: string }) {
  const { iface, of } = props;
  return (
    <Stack spacing={3}>
      <InterfaceTable
        title="Inputs"
        label={`Inputs of ${of}`}
        items={iface.variables}
        empty="This release declares no input variables."
        columns={[
          typeColumn('any'),
          requiredColumn(),
          {
            label: 'Default',
            cell: v =>
              v.required ? '—' : <Code>{formatValue(v.default)}</Code>,
          },
          descriptionColumn(),
          sensitiveColumn(),
          {
            label: 'Validation',
            // The rule itself runs in Terraform; the interface records only that one exists.
            cell: v => (v.hasValidation ? 'Has a validation rule' : '—'),
          },
        ]}
      />
      <InterfaceTable
        title="Outputs"
        label={`Outputs of ${of}`}
        items={iface.outputs}
        empty="This release declares no outputs."
        columns={[descriptionColumn(), sensitiveColumn()]}
      />
    </Stack>
  );
}

function WorkflowView(props: { iface: WorkflowInterface; of: string }) {
  const { iface, of } = props;
  return (
    <Stack spacing={3}>
      <InterfaceTable
        title="Inputs"
        label={`Inputs of ${of}`}
        items={iface.inputs}
        empty="This workflow takes no inputs."
        columns={[
          typeColumn('string'),
          requiredColumn(),
          {
            label: 'Default',
            cell: i => <Code>{formatValue(i.default)}</Code>,
          },
          descriptionColumn(),
        ]}
      />
      <InterfaceTable
        title="Secrets"
        label={`Secrets of ${of}`}
        items={iface.secrets}
        empty="This workflow takes no secrets."
        columns={[requiredColumn(), descriptionColumn()]}
      />
    </Stack>
  );
}

/** Nested properties as rows named by their dotted path, parents first. */
export function flattenProperties(
  properties: SchemaProperty[],
  prefix = '',
): SchemaProperty[] {
  return properties.flatMap(property => {
    const name = `${prefix}${property.name}`;
    return [
      { ...property, name },
      ...flattenProperties(property.properties ?? [], `${name}.`),
    ];
  });
}

function PropertiesTable(props: {
  properties: SchemaProperty[];
  title: string;
  label: string;
  empty: string;
}) {
  return (
    <InterfaceTable
      title={props.title}
      label={props.label}
      items={flattenProperties(props.properties)}
      empty={props.empty}
      columns={[
        typeColumn('any'),
        requiredColumn(),
        { label: 'Default', cell: p => <Code>{formatValue(p.default)}</Code> },
        {
          label: 'Allowed values',
          cell: p =>
            p.enum?.length ? (
              <Code>{p.enum.map(formatValue).join(', ')}</Code>
            ) : (
              '—'
            ),
        },
        descriptionColumn(),
      ]}
    />
  );
}

function XrdView(props: { iface: XrdInterface; of: string }) {
  const { iface, of } = props;
  return (
    <Stack spacing={3}>
      <Typography variant="body2">
        Composite <Code>{iface.compositeKind}</Code>
        {iface.claimKind ? (
          <>
            , claimed as <Code>{iface.claimKind}</Code>
          </>
        ) : (
          ', with no claim kind'
        )}
        , in group <Code>{iface.group}</Code>.
      </Typography>
      {iface.versions.length === 0 && (
        <Typography variant="body2">
          This definition has no versions.
        </Typography>
      )}
      {iface.versions.map(version => (
        <Stack key={version.name} spacing={1}>
          <WrappingRow>
            <Typography variant="subtitle1" component="h3">
              Version <Code>{version.name}</Code>
            </Typography>
            <ReadableChip
              size="small"
              variant="outlined"
              color={version.served ? 'success' : 'default'}
              label={version.served ? 'Served' : 'Not served'}
            />
            <ReadableChip
              size="small"
              variant="outlined"
              color={version.referenceable ? 'success' : 'default'}
              label={
                version.referenceable ? 'Referenceable' : 'Not referenceable'
              }
            />
            {version.deprecated && (
              <ReadableChip size="small" color="warning" label="Deprecated" />
            )}
          </WrappingRow>
          <PropertiesTable
            title="Spec properties"
            label={`Spec properties of ${of}, version ${version.name}`}
            properties={version.properties}
            empty="This version's schema declares no spec properties."
          />
        </Stack>
      ))}
    </Stack>
  );
}

function HelmView(props: { iface: HelmChartInterface; of: string }) {
  const { iface, of } = props;
  if (!iface.hasSchema) {
    return (
      <Typography variant="body2">
        This release of the chart has no <Code>values.schema.json</Code>, so
        Helm does not check the values a service sets.
      </Typography>
    );
  }
  return (
    <PropertiesTable
      title="Values"
      label={`Values of ${of}`}
      properties={iface.properties}
      empty="The values schema declares no properties."
    />
  );
}

/**
 * The interface of one module release, by kind: a Terraform module's inputs and outputs, a
 * reusable workflow's inputs and secrets, an XRD's versions and spec properties, a chart's
 * values schema. `of` names the release in the tables' labels ("vpc 2.1.1").
 */
export function InterfaceView(props: { iface: ModuleInterface; of: string }) {
  const { iface, of } = props;
  switch (iface.kind) {
    case 'terraform':
      return <TerraformView iface={iface} of={of} />;
    case 'workflow':
      return <WorkflowView iface={iface} of={of} />;
    case 'xrd':
      return <XrdView iface={iface} of={of} />;
    case 'helm':
      return <HelmView iface={iface} of={of} />;
    default:
      return (
        <Typography variant="body2">
          This kind of interface cannot be shown.
        </Typography>
      );
  }
}
