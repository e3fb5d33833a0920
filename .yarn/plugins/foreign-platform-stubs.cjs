/* eslint-disable */
// Opt-in workaround for npm registries (mirrors) that lack some platform-specific builds.
//
// When PORTAL_STUB_FOREIGN_PLATFORMS=1, every dependency on a native build for another OS, CPU or
// libc than this machine's (e.g. @swc/core-darwin-arm64 on linux-x64) is aliased to the empty
// package `empty-npm-package`, so resolution does not need the missing versions. Those builds are
// optional dependencies that would never be installed here anyway. Without the variable this
// plugin does nothing, so machines with a complete registry resolve the real builds.
module.exports = {
  name: 'plugin-foreign-platform-stubs',
  factory: require => {
    const { structUtils } = require('@yarnpkg/core');

    const OS_TOKENS = [
      'darwin',
      'win32',
      'windows',
      'linux',
      'freebsd',
      'openbsd',
      'netbsd',
      'sunos',
      'aix',
      'android',
      'openharmony',
      'wasi',
    ];
    const CPU_TOKENS = [
      'x64',
      'arm64',
      'arm',
      'armv7',
      'ia32',
      'x32',
      'ppc64',
      'ppc64le',
      's390x',
      'riscv64',
      'loong64',
      'mips64el',
      'universal',
      'wasm32',
    ];
    const hostOs = process.platform;
    const hostCpu = process.arch;

    function isForeignBuild(name) {
      const tokens = name.replace(/^@/, '').split(/[-/_.]/);
      const os = tokens.find(t => OS_TOKENS.includes(t));
      if (!os) return false;
      const cpu = tokens.find(t => CPU_TOKENS.includes(t));
      // A build names both its OS and CPU; `is-windows` and the like are plain JS packages.
      if (!cpu) return false;
      if (os !== hostOs) return true;
      if (cpu && cpu !== hostCpu) return true;
      return tokens.includes('musl') || tokens.includes('musleabihf');
    }

    return {
      hooks: {
        reduceDependency(dependency) {
          if (process.env.PORTAL_STUB_FOREIGN_PLATFORMS !== '1')
            return dependency;
          if (!dependency.range.startsWith('npm:')) return dependency;
          if (!isForeignBuild(structUtils.stringifyIdent(dependency)))
            return dependency;
          return structUtils.makeDescriptor(
            dependency,
            'npm:empty-npm-package@1.0.0',
          );
        },
      },
    };
  },
};
