public enum BackpropDataPlaceholder {}
