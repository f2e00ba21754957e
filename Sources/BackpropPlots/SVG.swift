public enum BackpropPlotsPlaceholder {}
