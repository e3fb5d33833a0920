import { createTerragruntExtractor } from '../extractors/hcl/terragruntExtractor';
import { LIVE_EXAMPLE_TREE } from '../extractors/__testUtils__/terragruntLiveExample';
import { scanFiles } from './scanFiles';

describe('scanFiles', () => {
  // The backend scans files a repository host read, not a checkout: it must follow the same
  // includes across them as a scan of a checkout does.
  it('resolves a Terragrunt source from an included file among the files read', async () => {
    const extractor = await createTerragruntExtractor();
    const files = Object.entries(LIVE_EXAMPLE_TREE).map(([path, text]) => ({
      path,
      content: Buffer.from(text, 'utf8'),
    }));
    const { references } = scanFiles(files, { extractors: [extractor] });
    const unit = references.find(
      r => r.position.file === 'prod/us-east-1/prod/mysql/terragrunt.hcl',
    );
    expect(unit).toMatchObject({ ref: 'v0.8.0', pin: 'ref' });
    expect(unit?.unresolved).toBeUndefined();
  });
});
