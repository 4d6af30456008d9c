// `lab doctor` on the real engine, and on an engine named by DOCKER_HOST that does not answer. (Podman's
// host firewall check: podman-netavark.test.ts.)
import { describe, expect, it } from 'vitest';
import { engineOrSkip, lab, leftovers } from '../helpers/engine.ts';

const runtime = await engineOrSkip();

describe.runIf(runtime)('lab doctor', () => {
  it('says lab up will work here, with the engine, its version, its API version and where it was found', async () => {
    const result = await lab(['doctor']);
    expect(result.exitCode, String(result.stdout)).toBe(0);
    const lines = String(result.stdout).trim().split('\n');
    expect(lines[0]).toMatch(/^✔ engine: (Docker|Podman) \S+ \(API [\d.]+\), found at \S+/);
    for (const check of ['images', 'free disk', 'Node.js', 'output folder']) expect(lines.some((line) => line.startsWith(`✔ ${check}: `))).toBe(true);
    // the rule a preset puts in, put in by iptables in a short-lived capture container, removed after
    expect(lines).toContain('✔ firewall presets: iptables in a container put in the rule a preset uses (drop the first SYN)');
    expect(await leftovers(runtime!, 'doctor')).toEqual([]);
    expect(lines.at(-1)).toBe('lab up will work here');
  });

  it('an engine that does not answer fails with its fix and exit 3; the other checks still run, in Chinese with --lang zh-CN', async () => {
    const result = await lab(['doctor', '--lang', 'zh-CN'], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(result.exitCode).toBe(3);
    const text = String(result.stdout);
    expect(text).toMatch(/^✘ 容器引擎：DOCKER_HOST=unix:\/\/\/nonexistent\/docker\.sock .*\n {2}→ 请启动 Docker 或 Podman/);
    expect(text).toMatch(/✔ Node\.js：/);
    expect(text.trim().split('\n').at(-1)).toBe('在解决上面的问题之前，lab up 无法在这里运行');
  });
});
