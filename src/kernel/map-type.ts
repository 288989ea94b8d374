/**
 * How Linux maps a provider's memory for a client's DMA: `enum pci_p2pdma_map_type` in
 * include/linux/pci-p2pdma.h, without PCI_P2PDMA_MAP_UNKNOWN (the "not computed yet" cache value).
 */
export const MapType = {
  /** Straight to the PCI bus address through a common switch; the IOMMU is bypassed. */
  BUS_ADDR: "BUS_ADDR",
  /** Through the root complex with a normal DMA (IOVA) mapping. */
  THRU_HOST_BRIDGE: "THRU_HOST_BRIDGE",
  /** Linux refuses peer-to-peer DMA between the two; a workload must bounce through DRAM. */
  NOT_SUPPORTED: "NOT_SUPPORTED",
} as const;
export type MapType = (typeof MapType)[keyof typeof MapType];
