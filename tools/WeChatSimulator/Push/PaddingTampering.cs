namespace LogisticsFunctions.WeChatSimulator.Push;

/// <summary>How to break the 32-byte PKCS#7 padding of an encrypted message, for a receiver's negative tests.</summary>
public enum PaddingTampering
{
    /// <summary>Correct padding.</summary>
    None,

    /// <summary>The last byte is 0: no valid pad has length 0.</summary>
    ZeroPad,

    /// <summary>The last byte is 33: longer than the 32-byte block WeChat pads to.</summary>
    OversizedPad,

    /// <summary>
    /// The last byte claims a pad whose bytes are not all equal to it (a receiver that strips by the last byte without
    /// checking the others would accept it).
    /// </summary>
    MismatchedPad,
}
