#!/usr/bin/env python3
"""Where a JFR recording's CPU went: the share of execution samples per category, each sample counted in the first
category (in the order below) that a frame of its stack matches. Usage: python3 src/benchmark/jfr_shares.py FILE.jfr"""
import subprocess, sys, json, collections
f = sys.argv[1]
out = subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.ExecutionSample', '--stack-depth', '200', f], capture_output=True, text=True).stdout
events = json.loads(out)['recording']['events']
rules = [
 ('token check (MP JWT)', ['jwtauth']),
 ('caller lookup', ['Callers.fromToken', 'Callers.find']),
 ('audit: write entry', ['AuditTrail.record', 'AuditLog.append', 'JdbcAuditEntries', 'AuditSequencer']),
 ('audit: chain link', ['JdbcAuditChain.link']),
 ('validation', ['ProfileValidator', 'InstanceValidator']),
 ('search SQL: count', ['JdbcResourceStore.count']),
 ('search SQL: page', ['JdbcResourceStore.search']),
 ('access rules', ['AccessControl', 'AccessPolicy', 'JdbcPartyStore']),
 ('decode stored JSON', ['ResourceCodec.decode']),
 ('encode for storage', ['ResourceCodec.encode']),
 ('parse request body', ['RestfulServer.handleRequest$parse', 'BaseParser.parseResource']),
 ('write response', ['RestfulServerUtils.streamResponseAsResource', 'encodeResourceToWriter']),
 ('store rows', ['JdbcResourceStore', 'JpaReferralRepository', 'JdbcEpisodeIndex', 'JdbcWaitStore', 'JdbcCensus', 'EndedWaitCounts']),
 ('commit (H2/PG)', ['commit']),
 ('H2 background writer', ['FileStore$$Lambda', 'MVStore.writeInBackground', 'BackgroundWriterThread']),
 ('census / suggestions / report', ['NetworkCensus', 'PerformerSuggestions', 'WaitingTimeReport', 'JdbcWaitQueries']),
 ('other Hartketen', ['nl.hartketen', 'nl/hartketen']),
 ('GC / JIT / VM', ['GC', 'Compile']),
]
c = collections.Counter(); n = 0
for e in events:
    st = e['values'].get('stackTrace')
    if not st: continue
    frames = [fr['method']['type']['name'] + '.' + fr['method']['name'] for fr in st['frames']]
    n += 1
    for name, keys in rules:
        if any(any(k in fr for k in keys) for fr in frames):
            c[name] += 1; break
    else:
        c['other (container, HTTP, JDK)'] += 1
print(f'{n} samples')
for k, v in c.most_common(): print(f'{100*v/n:5.1f}%  {k}')
