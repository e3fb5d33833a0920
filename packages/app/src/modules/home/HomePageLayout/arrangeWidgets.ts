import type {
  HomePageDefaultConfigItem,
  HomePageWidgetData,
} from '@backstage/plugin-home-react/alpha';

/** A column of the home page: its width out of 12 and its widgets from top to bottom. */
export interface WidgetColumn {
  width: number;
  widgets: HomePageWidgetData[];
}

/**
 * Places the widgets that the home page's `defaultConfig` names: each `column` value is a column
 * as wide as its widest widget, stacked by `row`. Widgets stack in columns instead of a grid of
 * fixed-height cells, so a card is as tall as its content and nothing is clipped. Without a
 * configuration every widget gets half the width.
 */
export function arrangeWidgets(
  widgets: HomePageWidgetData[],
  defaultConfig?: HomePageDefaultConfigItem[],
): WidgetColumn[] {
  if (!defaultConfig) {
    return widgets.map(widget => ({ width: 6, widgets: [widget] }));
  }
  const byName = new Map(widgets.map(widget => [widget.name, widget]));
  const columns = new Map<
    number,
    Array<{ row: number; width: number; widget: HomePageWidgetData }>
  >();
  for (const item of defaultConfig) {
    const widget = byName.get(item.component);
    if (widget) {
      const column = columns.get(item.column) ?? [];
      column.push({ row: item.row, width: item.width, widget });
      columns.set(item.column, column);
    }
  }
  return [...columns.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, items]) => ({
      width: Math.min(12, Math.max(...items.map(item => item.width))),
      widgets: items.sort((a, b) => a.row - b.row).map(item => item.widget),
    }));
}
