public enum FinHeatTransferPlaceholder {}
