export const id = 428;
export const ids = [428];
export const modules = {

/***/ 4428:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_DIAGRAM_NODES: () => (/* binding */ MAX_DIAGRAM_NODES),
/* harmony export */   MAX_DIAGRAM_SUBNETS: () => (/* binding */ MAX_DIAGRAM_SUBNETS),
/* harmony export */   mermaidFor: () => (/* binding */ mermaidFor),
/* harmony export */   mermaidText: () => (/* binding */ mermaidText),
/* harmony export */   networkMarkdown: () => (/* binding */ networkMarkdown),
/* harmony export */   networkPictures: () => (/* binding */ networkPictures)
/* harmony export */ });
/* harmony import */ var _rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2614);
/* harmony import */ var _rules_util_cluster_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9542);
/* harmony import */ var _rules_util_connectivity_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(901);
/* harmony import */ var _rules_util_security_groups_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5701);
/* harmony import */ var _action_markdown_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8037);





/** Above this many subnets (or nodes in all) the picture is a table: a 3-AZ, 20-subnet stack still is a diagram. */
const MAX_DIAGRAM_SUBNETS = 24;
const MAX_DIAGRAM_NODES = 60;
const worst = (findings) => findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : undefined;
const ruleIds = (findings) => [...new Set(findings.map((f) => f.ruleId))].sort();
function s3Route(model, subnet) {
    const table = (0,_rules_util_connectivity_js__WEBPACK_IMPORTED_MODULE_2__/* .routeTableOf */ .LU)(model, subnet);
    if (table.kind === 'unknown')
        return 'unknown';
    const endpoint = (0,_rules_util_connectivity_js__WEBPACK_IMPORTED_MODULE_2__/* .s3EndpointFor */ .hy)(model, subnet, table);
    if (endpoint.kind === 'endpoint')
        return 'endpoint';
    if (endpoint.kind === 'maybe')
        return 'unknown';
    const internet = (0,_rules_util_connectivity_js__WEBPACK_IMPORTED_MODULE_2__/* .internetRouteOf */ .ch)(table);
    return internet.kind === 'route' && internet.via === 'nat' ? 'nat' : internet.kind === 'maybe' ? 'unknown' : 'none';
}
/** The pictures of the scanned clusters whose file is reported. `fileLabel` maps a scan path to the one shown. */
function networkPictures(result, files) {
    const { model } = result;
    const byEntity = new Map();
    for (const finding of result.findings) {
        if (!finding.entityKey)
            continue;
        byEntity.set(finding.entityKey, [...(byEntity.get(finding.entityKey) ?? []), finding]);
    }
    const of = (key) => byEntity.get(key) ?? [];
    const capacity = new Map((result.demand.subnets ?? []).map((s) => [s.entityKey, s]));
    const pictures = [];
    for (const cluster of (0,_rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__/* .scannedClusters */ .wJ)(model)) {
        if (files && !files.has(cluster.file))
            continue;
        pictures.push(pictureOf(model, cluster, of, capacity));
    }
    return pictures;
}
function pictureOf(model, cluster, of, capacity) {
    const groups = (0,_rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__/* .groupsOf */ .c1)(cluster);
    const subnets = new Map();
    const external = new Set();
    const placedGroups = [];
    const add = (subnet, group) => {
        let node = subnets.get(subnet.key);
        if (!node) {
            const plan = capacity.get(subnet.key);
            const findings = of(subnet.key);
            node = {
                name: subnet.name,
                ...(subnet.cidr.known ? { cidr: subnet.cidr.value } : {}),
                ...(subnet.az.known ? { zone: subnet.az.value } : subnet.azId.known ? { zone: subnet.azId.value } : {}),
                ...(plan?.usable !== undefined ? { needed: plan.needed, usable: plan.usable, status: plan.status } : {}),
                s3: s3Route(model, subnet),
                groups: [],
                rules: ruleIds(findings),
                mark: worst(findings),
            };
            subnets.set(subnet.key, node);
        }
        if (group && !node.groups.includes(group))
            node.groups.push(group);
    };
    const configs = groups.length
        ? groups.map((g) => ({ config: (0,_rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__/* .effectiveVpcConfig */ .N9)(cluster, g)?.config, group: (0,_rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__/* .groupLabel */ .AM)(cluster, g) }))
        : [{ config: cluster.vpcConfig, group: undefined }];
    for (const { config, group } of configs) {
        if (!config)
            continue;
        const list = (0,_rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__/* .subnetsOf */ .i_)(model, config);
        if (!list.known)
            continue;
        for (const use of list.items) {
            if (use.subnet)
                add(use.subnet, group);
            else
                external.add(use.ref.kind === 'id' ? use.ref.id : use.ref.kind === 'unknown' ? (use.ref.expr ?? 'unknown subnet') : use.ref.key);
        }
    }
    for (const g of groups) {
        const type = g.instanceTypes.find((t) => t.known);
        placedGroups.push({
            name: (0,_rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__/* .groupLabel */ .AM)(cluster, g),
            ...(type?.known ? { type: type.value } : {}),
            ...(g.instanceCount.known ? { count: g.instanceCount.value } : {}),
        });
    }
    const sgs = new Map();
    for (const placed of (0,_rules_util_cluster_js__WEBPACK_IMPORTED_MODULE_1__/* .clusterSecurityGroupRefs */ .gp)(cluster)) {
        const sg = model.resolve(placed.ref, 'SecurityGroup');
        if (!sg || sgs.has(sg.key))
            continue;
        const findings = of(sg.key);
        const selfIn = (0,_rules_util_security_groups_js__WEBPACK_IMPORTED_MODULE_3__/* .selfAllTrafficRule */ .fD)(model, sg, 'ingress').present;
        const selfOut = (0,_rules_util_security_groups_js__WEBPACK_IMPORTED_MODULE_3__/* .selfAllTrafficRule */ .fD)(model, sg, 'egress').present;
        sgs.set(sg.key, {
            name: sg.name,
            ...(selfIn !== undefined ? { selfIn } : {}),
            ...(selfOut !== undefined ? { selfOut } : {}),
            rules: ruleIds(findings),
            mark: worst(findings),
        });
    }
    const firstSubnet = [...subnets.keys()][0];
    const subnetEntity = firstSubnet ? model.ofType('Subnet').find((s) => s.key === firstSubnet) : undefined;
    const vpc = subnetEntity ? model.resolve(subnetEntity.vpc, 'Vpc') : undefined;
    // The file systems the cluster mounts, and those in its subnets.
    const used = new Set((cluster.fsxFileSystems ?? []).flatMap((ref) => model.resolve(ref, 'FsxFileSystem')?.key ?? []));
    const fsx = model.ofType('FsxFileSystem').flatMap((fs) => {
        const inSubnets = fs.subnets.known ? fs.subnets.items.flatMap((r) => model.resolve(r, 'Subnet')?.key ?? []) : [];
        const shown = inSubnets.filter((key) => subnets.has(key));
        if (!used.has(fs.key) && !shown.length)
            return [];
        return [{ name: fs.name, subnets: shown.map((key) => subnets.get(key).name) }];
    });
    const eks = cluster.eksCluster ? model.resolve(cluster.eksCluster, 'EksCluster') : undefined;
    const clusterFindings = of(cluster.key);
    const orchestrator = (0,_rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__/* .orchestratorOf */ .eG)(cluster);
    return {
        cluster: (0,_rules_util_groups_js__WEBPACK_IMPORTED_MODULE_0__/* .clusterLabel */ .Xf)(cluster),
        file: cluster.file,
        ...(orchestrator ? { orchestrator } : {}),
        ...(vpc ? { vpc: { name: vpc.name, cidrs: vpc.cidrBlocks.flatMap((c) => (c.known ? [c.value] : [])) } } : {}),
        subnets: [...subnets.values()],
        external: [...external],
        groups: placedGroups,
        securityGroups: [...sgs.values()],
        fsx,
        ...(eks ? { eks: eks.name } : cluster.eksClusterArn?.known ? { eks: cluster.eksClusterArn.value } : {}),
        rules: ruleIds(clusterFindings),
        mark: worst(clusterFindings),
    };
}
// ---------------------------------------------------------------------------------------------
// Mermaid
/**
 * Text for a double-quoted Mermaid label: one line, capped, with the characters that could end the string, start an
 * entity or markup, or close the Markdown fence written as Mermaid entity codes (#quot; #35; ...).
 */
function mermaidText(text, max = 60) {
    const oneLine = (0,_action_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .truncate */ .xv)(String(text)
        .replace(/[\r\n\t]+/g, ' ')
        .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, ' '), max);
    return oneLine.replace(/[#"<>&`%\\|{}[\]]/g, (c) => `#${c.charCodeAt(0)};`);
}
const fill = (s) => {
    if (s.usable === undefined || s.needed === undefined)
        return undefined;
    const pct = s.usable > 0 ? Math.round((s.needed / s.usable) * 100) : 100;
    const bar = '\u2588'.repeat(Math.min(10, Math.round(pct / 10))) + '\u2591'.repeat(Math.max(0, 10 - Math.round(pct / 10)));
    return `${bar} ${pct}% (${s.needed} of ${s.usable})`;
};
const S3_TEXT = {
    endpoint: 'S3: endpoint \u2713',
    nat: 'S3: NAT gateway only',
    none: 'S3: no route \u2717',
    unknown: 'S3: not known',
};
const selfText = (value) => (value === undefined ? '?' : value ? '\u2713' : '\u2717');
const problems = (rules) => (rules.length ? `\u26a0 ${rules.join(' ')}` : '');
const label = (parts) => `"${parts.filter((p) => !!p).join('<br/>')}"`;
/** The flowchart of one cluster (no fence). */
function mermaidFor(p) {
    const out = ['flowchart LR'];
    const classes = { error: [], warning: [] };
    const mark = (id, m) => m && classes[m].push(id);
    const kind = p.orchestrator === 'eks' ? 'EKS' : p.orchestrator === 'slurm' ? 'Slurm' : '';
    const groupLines = p.groups.map((g) => mermaidText(`${g.name}: ${g.type ?? '?'} \u00d7 ${g.count ?? '?'}`));
    out.push(`  cluster[${label([`Cluster ${mermaidText(p.cluster)}${kind ? ` (${kind})` : ''}`, ...groupLines, mermaidText(problems(p.rules))])}]`);
    mark('cluster', p.mark);
    const vpcTitle = p.vpc
        ? `VPC ${mermaidText(p.vpc.name)}${p.vpc.cidrs.length ? ` \u00b7 ${p.vpc.cidrs.map((c) => mermaidText(c, 20)).join(', ')}` : ''}`
        : 'VPC not known';
    out.push(`  subgraph vpc[${label([vpcTitle])}]`);
    const zones = new Map();
    for (const s of p.subnets)
        zones.set(s.zone ?? '', [...(zones.get(s.zone ?? '') ?? []), s]);
    const subnetId = new Map();
    p.subnets.forEach((s, i) => subnetId.set(s.name, `s${i}`));
    [...zones.entries()].forEach(([zone, list], z) => {
        out.push(`    subgraph az${z}[${label([zone ? `AZ ${mermaidText(zone, 30)}` : 'AZ not known'])}]`);
        for (const s of list) {
            const id = subnetId.get(s.name);
            out.push(`      ${id}[${label([
                `${mermaidText(s.name)}${s.cidr ? ` \u00b7 ${mermaidText(s.cidr, 20)}` : ''}`,
                fill(s),
                S3_TEXT[s.s3],
                s.groups.length ? `groups: ${mermaidText(s.groups.join(', '), 80)}` : undefined,
                mermaidText(problems(s.rules)),
            ])}]`);
            mark(id, s.mark ??
                (s.s3 === 'none' || s.status === 'too-small' ? 'error' : s.status === 'no-headroom' || s.s3 === 'nat' ? 'warning' : undefined));
        }
        out.push('    end');
    });
    p.fsx.forEach((f, i) => out.push(`    fsx${i}[(${label([`FSx ${mermaidText(f.name)}`])})]`));
    if (p.eks)
        out.push(`    eks[${label([`EKS ${mermaidText(p.eks)}`])}]`);
    out.push('  end');
    p.securityGroups.forEach((sg, i) => {
        out.push(`  sg${i}{{${label([`SG ${mermaidText(sg.name)}`, `self in ${selfText(sg.selfIn)} \u00b7 self out ${selfText(sg.selfOut)}`, mermaidText(problems(sg.rules))])}}}`);
        mark(`sg${i}`, sg.mark ?? (sg.selfIn === false || sg.selfOut === false ? 'error' : undefined));
    });
    if (p.external.length)
        out.push(`  ext[${label([`Subnets outside the scan: ${mermaidText(p.external.join(', '), 120)}`])}]`);
    out.push('  cluster --> vpc');
    p.securityGroups.forEach((_, i) => out.push(`  cluster -.- sg${i}`));
    if (p.external.length)
        out.push('  cluster -.-> ext');
    if (p.eks)
        out.push('  cluster --> eks');
    p.fsx.forEach((f, i) => {
        for (const name of f.subnets)
            out.push(`  fsx${i} --- ${subnetId.get(name)}`);
    });
    out.push('  classDef error fill:#fde2e1,stroke:#cf222e,stroke-width:2px');
    out.push('  classDef warning fill:#fff1d6,stroke:#bf8700,stroke-width:2px');
    for (const m of ['error', 'warning'])
        if (classes[m].length)
            out.push(`  class ${classes[m].join(',')} ${m}`);
    return out.join('\n');
}
const nodeCount = (p) => 2 + p.subnets.length + p.securityGroups.length + p.fsx.length + (p.eks ? 1 : 0);
/** The picture as a table (past the size limit). */
function tableFor(p) {
    const rows = p.subnets.map((s) => `| ${(0,_action_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .codeSpan */ .SS)(s.name, 80)} | ${(0,_action_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMarkdown */ .FV)(s.zone ?? '?', 30)} | ${s.cidr ? (0,_action_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .codeSpan */ .SS)(s.cidr, 20) : '?'} | ${fill(s) ?? '?'} | ${S3_TEXT[s.s3]} | ${(0,_action_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .escapeMarkdown */ .FV)(s.groups.join(', '), 120)} | ${s.rules.join(' ')} |`);
    const sgs = p.securityGroups
        .map((sg) => `${(0,_action_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .codeSpan */ .SS)(sg.name, 80)} (self in ${selfText(sg.selfIn)}, self out ${selfText(sg.selfOut)})`)
        .join(', ');
    return (`| Subnet | AZ | CIDR | Fill | Route to S3 | Groups | Problems |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n` +
        (sgs ? `\nSecurity groups: ${sgs}.\n` : ''));
}
/** Markdown chunks: a heading, then one chunk per cluster (a whole diagram or table, so a bounded writer never cuts one). */
function networkMarkdown(pictures, heading = '####', fileLabel = (f) => f) {
    if (!pictures.length)
        return [];
    const chunks = [`\n${heading} Network\n`];
    for (const p of pictures) {
        const title = `\n**Cluster ${(0,_action_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .codeSpan */ .SS)(p.cluster, 120)}** (${(0,_action_markdown_js__WEBPACK_IMPORTED_MODULE_4__/* .codeSpan */ .SS)(fileLabel(p.file))})`;
        if (p.subnets.length > MAX_DIAGRAM_SUBNETS || nodeCount(p) > MAX_DIAGRAM_NODES) {
            chunks.push(`${title}: ${p.subnets.length} subnets, too many to draw.\n\n${tableFor(p)}`);
        }
        else {
            chunks.push(`${title}\n\n\`\`\`mermaid\n${mermaidFor(p)}\n\`\`\`\n`);
        }
    }
    return chunks;
}


/***/ })

};
