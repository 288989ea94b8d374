/**
 * The ACS control bits Linux leaves on a port after boot, from what firmware set (`AcsSpec`), the
 * IOMMU and the `pci=disable_acs_redir=` parameter: drivers/pci/pci.c, pci_enable_acs(),
 * pci_std_enable_acs() and __pci_config_acs() (current kernels).
 *
 * - A port without the ACS capability has no control bits; p2pdma's pci_bridge_has_acs_redir()
 *   reads it as "no redirect" whatever the spec says.
 * - When an IOMMU is enabled, its driver calls pci_request_acs() at detection time (Intel
 *   detect_intel_iommu(), AMD detect_ivrs()), before any domain type is chosen; so passthrough
 *   (`iommu=pt`) turns redirect on exactly as translation does. pci_std_enable_acs() then sets
 *   Request Redirect and Completion Redirect (with Source Validation and Upstream Forwarding, which
 *   we do not model); it leaves Egress Control and Direct Translated as firmware set them.
 * - `disable_acs_redir` clears Request Redirect, Completion Redirect and Egress Control on the named
 *   ports, whether or not there is an IOMMU, and leaves the other bits as firmware set them.
 *
 * Simplifications: Linux enables ACS for the whole system once any IOMMU asks for it; we look at
 * the IOMMU of the port's own host bridge (the same thing when all host bridges agree). Device
 * quirks (pci_dev_specific_enable_acs) and `pci=config_acs=` are not modelled. `disableAcsRedir`
 * names whole switches (all their downstream ports) or root ports, or "all".
 */
import type { AcsSpec, IommuMode, KernelSpec } from "../fabric/topology.js";
import type { TopologyTree } from "./tree.js";
import { hostBridgeOf, nodeOf } from "./tree.js";
import type { PciHop } from "./upstream-chain.js";
import { topologyError } from "./messages.js";

/** The ACS control bits that matter for peer-to-peer routing. */
export interface AcsControl {
  /** P2P Request Redirect: requests to a peer go up to the root complex instead. */
  readonly requestRedirect: boolean;
  /** P2P Completion Redirect: completions to a peer go up as well. */
  readonly completionRedirect: boolean;
  /** P2P Egress Control: some peer targets are blocked or redirected. */
  readonly egressControl: boolean;
  /** Direct Translated P2P: requests with translated (ATS) addresses go straight to the peer. */
  readonly directTranslated: boolean;
}

const NO_ACS: AcsControl = { requestRedirect: false, completionRedirect: false, egressControl: false, directTranslated: false };

/**
 * The control bits Linux leaves on a port.
 * @param acs what firmware configured on the port
 * @param iommu the IOMMU mode of the port's host bridge
 * @param redirectDisabled whether `pci=disable_acs_redir=` names the port
 */
export function effectiveAcs(acs: AcsSpec, iommu: IommuMode, redirectDisabled: boolean): AcsControl {
  if (!acs.capable) return NO_ACS;
  const firmware: AcsControl = {
    requestRedirect: acs.requestRedirect,
    completionRedirect: acs.completionRedirect,
    egressControl: acs.egressControl,
    directTranslated: acs.directTranslated,
  };
  if (redirectDisabled) return { ...firmware, requestRedirect: false, completionRedirect: false, egressControl: false };
  if (iommu === "off") return firmware;
  return { ...firmware, requestRedirect: true, completionRedirect: true };
}

/** pci_bridge_has_acs_redir(): any of Request Redirect, Completion Redirect, Egress Control. */
export function hasAcsRedirect(control: AcsControl): boolean {
  return control.requestRedirect || control.completionRedirect || control.egressControl;
}

/** Whether `pci=disable_acs_redir=` names this root port or switch (or says "all"). */
export function acsRedirectDisabled(kernel: KernelSpec, portId: string): boolean {
  return kernel.disableAcsRedir === "all" || kernel.disableAcsRedir.includes(portId);
}

/**
 * The control bits of a root port, or of every downstream port of a switch (they share one
 * `AcsSpec` in our topology). Throws for an endpoint.
 */
export function portAcs(tree: TopologyTree, portId: string): AcsControl {
  const node = nodeOf(tree, portId);
  if (node.type === "endpoint") throw new Error(topologyError.notPort(portId));
  const iommu = hostBridgeOf(tree, portId).iommu.mode;
  return effectiveAcs(node.acs, iommu, acsRedirectDisabled(tree.topology.kernel, portId));
}

/**
 * pci_bridge_has_acs_redir() for one hop of an upstream chain. Endpoints and switch upstream ports
 * carry no ACS in our topology, so only downstream ports and root ports can redirect.
 */
export function hopHasAcsRedirect(tree: TopologyTree, hop: PciHop): boolean {
  switch (hop.kind) {
    case "endpoint":
    case "upstream-port":
      return false;
    case "root-port":
      return hasAcsRedirect(portAcs(tree, hop.id));
    case "downstream-port":
      return hasAcsRedirect(portAcs(tree, hop.switchId));
  }
}
