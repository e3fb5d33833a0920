import { Content, Header, Page } from '@backstage/core-components';
import { ReactNode } from 'react';
import { PlatformTabs } from './PlatformTabs';

/**
 * An organisation-wide platform page: its header, the tabs between such pages, then its
 * content.
 */
export function PlatformPageFrame(props: {
  title: string;
  subtitle: string;
  selected: 'drift' | 'release-channels';
  children: ReactNode;
}) {
  return (
    <Page themeId="tool">
      <Header title={props.title} subtitle={props.subtitle} />
      <Content>
        <PlatformTabs selected={props.selected} />
        {props.children}
      </Content>
    </Page>
  );
}
