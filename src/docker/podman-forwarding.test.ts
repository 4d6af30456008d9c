import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_FORWARDING_SCRIPT, parseHostForwarding, podmanForwardConflict, uncheckedChains, type ForwardChain, type HostForwarding } from './podman-forwarding.js';

// The probe's output on a host where Docker and Podman (CNI) both run: Docker's FORWARD policy DROP,
// its per-network accept rules and DOCKER-USER, CNI's chains, and an empty legacy filter table.
const DOCKER_HOST_OUTPUT = `bridge-nf-call-iptables=1
== iptables-nft
# Warning: iptables-legacy tables present, use iptables-legacy to see them
-P FORWARD DROP
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -i br-28f2285b7683 -o br-28f2285b7683 -j ACCEPT
-A FORWARD -j DOCKER-USER
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD
-N DOCKER-USER
-A DOCKER-USER -j RETURN
== iptables-legacy
-P FORWARD ACCEPT
`;

const chain = (variant: ForwardChain['variant'], facts: Partial<ForwardChain> = {}): ForwardChain => ({ variant, policyDrop: false, acceptsPodmanBridges: false, dockerUserChain: false, ...facts });
const host = (bridgeNfCallIptables: boolean | undefined, ...chains: ForwardChain[]): HostForwarding => ({ bridgeNfCallIptables, chains, unreadable: [] });
const DENIED = 'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)';
const dockerNft = chain('iptables-nft', { policyDrop: true, dockerUserChain: true });

describe('parseHostForwarding', () => {
  it("reads Docker's host: the sysctl on, nft's FORWARD policy DROP with DOCKER-USER, nothing accepting Podman's bridges, legacy accepting", () => {
    expect(parseHostForwarding(DOCKER_HOST_OUTPUT)).toEqual(host(true, dockerNft, chain('iptables-legacy')));
  });

  it('an unloaded br_netfilter (no sysctl file) is unknown, 0 is off', () => {
    expect(parseHostForwarding('bridge-nf-call-iptables=\n== iptables-nft\n-P FORWARD DROP\n').bridgeNfCallIptables).toBeUndefined();
    expect(parseHostForwarding('bridge-nf-call-iptables=0\n').bridgeNfCallIptables).toBe(false);
  });

  it('a back end whose listing failed is unreadable, with what iptables said (or its exit status), not a chain that drops nothing', () => {
    const { chains, unreadable } = parseHostForwarding(`bridge-nf-call-iptables=1\n== iptables-nft\n${DENIED}\n!! exit status 4\n== iptables-legacy\n!! exit status 127\n`);
    expect(chains).toEqual([]);
    expect(unreadable).toEqual([
      { variant: 'iptables-nft', reason: DENIED },
      { variant: 'iptables-legacy', reason: 'exit status 127' },
    ]);
  });

  it('the script marks a listing that failed, run where iptables-nft refuses', () => {
    const bin = mkdtempSync(join(tmpdir(), 'refusing-iptables-'));
    try {
      writeFileSync(join(bin, 'iptables-nft'), `#!/bin/sh\necho '${DENIED}' >&2\nexit 4\n`, { mode: 0o755 });
      // Its exit status is not read (a missing DOCKER-USER chain fails too): only what it printed.
      const output = spawnSync('sh', ['-c', HOST_FORWARDING_SCRIPT], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } }).stdout;
      const { chains, unreadable } = parseHostForwarding(output);
      expect(unreadable.find((c) => c.variant === 'iptables-nft')).toEqual({ variant: 'iptables-nft', reason: DENIED });
      expect(chains.find((c) => c.variant === 'iptables-nft')).toBeUndefined();
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("counts only a plain accept between Podman's bridges (the fix lab doctor prints, in FORWARD or DOCKER-USER), not one narrowed by other matches or for other bridges", () => {
    const withRule = (rule: string) => parseHostForwarding(DOCKER_HOST_OUTPUT.replace('-A DOCKER-USER -j RETURN', `${rule}\n-A DOCKER-USER -j RETURN`)).chains[0]!.acceptsPodmanBridges;
    expect(withRule('-A DOCKER-USER -i podman+ -o podman+ -j ACCEPT')).toBe(true);
    expect(withRule('-A FORWARD -i podman1 -o podman1 -j ACCEPT')).toBe(true);
    expect(withRule('-A FORWARD -j ACCEPT')).toBe(true);
    expect(withRule('-A DOCKER-USER -s 10.0.0.0/8 -i podman+ -o podman+ -j ACCEPT')).toBe(false);
    expect(withRule('-A DOCKER-USER -i podman+ -o podman+ -j DROP')).toBe(false);
    expect(withRule('-A FORWARD -i cni-podman0 -o cni-podman0 -j ACCEPT')).toBe(false);
  });
});

describe('podmanForwardConflict', () => {
  it("netavark on Docker's host: the SYNs are dropped; the fix goes in DOCKER-USER", () => {
    expect(podmanForwardConflict('netavark', host(true, dockerNft, chain('iptables-legacy')))).toEqual({ backend: 'netavark', dropIn: ['iptables-nft'], chain: 'DOCKER-USER' });
  });

  it('a Podman that does not name its backend is taken as netavark (the only one since Podman 5)', () => {
    expect(podmanForwardConflict(undefined, host(true, dockerNft))?.backend).toBe('netavark');
  });

  it("CNI's firewall plugin accepts its containers' traffic: no conflict on the same host", () => {
    expect(podmanForwardConflict('cni', host(true, dockerNft))).toBeUndefined();
  });

  it('no conflict when bridged frames skip iptables (sysctl 0, or br_netfilter not loaded)', () => {
    expect(podmanForwardConflict('netavark', host(false, dockerNft))).toBeUndefined();
    expect(podmanForwardConflict('netavark', host(undefined, dockerNft))).toBeUndefined();
  });

  it('no conflict when FORWARD accepts by default, or once a rule accepts the traffic of Podman’s bridges', () => {
    expect(podmanForwardConflict('netavark', host(true, chain('iptables-nft')))).toBeUndefined();
    expect(podmanForwardConflict('netavark', host(true, { ...dockerNft, acceptsPodmanBridges: true }))).toBeUndefined();
  });

  it('only the back ends that still drop are named; without DOCKER-USER in them the fix goes in FORWARD', () => {
    const legacyDrop = chain('iptables-legacy', { policyDrop: true });
    expect(podmanForwardConflict('netavark', host(true, { ...dockerNft, acceptsPodmanBridges: true }, legacyDrop))).toEqual({ backend: 'netavark', dropIn: ['iptables-legacy'], chain: 'FORWARD' });
    expect(podmanForwardConflict('netavark', host(true, dockerNft, legacyDrop))).toEqual({ backend: 'netavark', dropIn: ['iptables-nft', 'iptables-legacy'], chain: 'FORWARD' });
  });
});

describe('uncheckedChains', () => {
  const unreadableNft = { ...host(true), unreadable: [{ variant: 'iptables-nft' as const, reason: DENIED }] };

  it('under netavark with bridged traffic through iptables, an unreadable back end leaves the check not made', () => {
    expect(podmanForwardConflict('netavark', unreadableNft)).toBeUndefined();
    expect(uncheckedChains('netavark', unreadableNft)).toEqual(unreadableNft.unreadable);
  });

  it('none when the answer does not depend on the chains (CNI, or bridged frames skip iptables)', () => {
    expect(uncheckedChains('cni', unreadableNft)).toEqual([]);
    expect(uncheckedChains('netavark', { ...unreadableNft, bridgeNfCallIptables: false })).toEqual([]);
  });
});
