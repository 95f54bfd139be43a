// FoundationEssentials, not Foundation: the whole of Foundation (with ICU) costs each run
// about 6 MiB of resident memory for nothing smtplog uses.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `Encoder` behind `JSONWriter`: it collects any `Encodable` into a tree of `JSONValue`,
/// so that every existing `encode(to:)` (synthesized or hand-written) keeps working unchanged.
///
/// It follows what `JSONEncoder` does with a value, so that the bytes are the same: a
/// container asked for again is the same container; a value that encodes nothing is `{}`; a
/// key set twice keeps its last value; `Data` is base64, `URL` its absolute string, `Decimal`
/// its description, `Date` its own encoding (seconds since 2001, `JSONEncoder`'s default).
/// Options (`userInfo`, key or date strategies) are not supported: our documents use none.
final class JSONTreeEncoder: Encoder, SingleValueEncodingContainer {
    private var single: JSONValue?
    private var object: JSONObject?
    private var array: JSONArray?
    /// Where this encoder is, for error messages: its parent, and its key there.
    private var parent: JSONTreeEncoder?
    private var key: (any CodingKey)?
    /// A finished child encoder kept for the next value: most values are small structs.
    private var spare: JSONTreeEncoder?

    init(parent: JSONTreeEncoder? = nil, key: (any CodingKey)? = nil) {
        self.parent = parent
        self.key = key
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var encoder: JSONTreeEncoder? = self
        while let current = encoder {
            if let key = current.key { path.append(key) }
            encoder = current.parent
        }
        return path.reversed()
    }

    /// What was encoded, if anything; the encoder is then empty.
    func take() -> JSONValue? {
        defer { single = nil; object = nil; array = nil }
        if let object { return .object(object) }
        if let array { return .array(array) }
        return single
    }

    // MARK: Containers

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if object == nil, case .object(let encoded)? = single {
            single = nil
            object = encoded
        }
        if object == nil {
            precondition(single == nil && array == nil, "Attempt to push new keyed encoding container when already previously encoded at this path.")
            object = JSONObject()
        }
        return KeyedEncodingContainer(JSONTreeKeyedContainer<Key>(encoder: self, object: object!, path: []))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if array == nil, case .array(let encoded)? = single {
            single = nil
            array = encoded
        }
        if array == nil {
            precondition(single == nil && object == nil, "Attempt to push new unkeyed encoding container when already previously encoded at this path.")
            array = JSONArray()
        }
        return JSONTreeUnkeyedContainer(encoder: self, array: array!, path: [])
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: Values

    /// `value` as a tree; nil when it encoded nothing. The key is generic, neither optional nor
    /// `any CodingKey`, so that it costs nothing for a leaf (most of a dictionary's values)
    /// and is boxed only for a child encoder.
    func box<T: Encodable, K: CodingKey>(_ value: T, key: K) throws -> JSONValue? {
        // The common leaves first, without an encoder of their own.
        if T.self == Int.self, let number = value as? Int { return .int(Int64(number)) }
        if T.self == String.self, let text = value as? String { return .string(text) }
        if T.self == Double.self, let number = value as? Double { return try JSONTreeEncoder.number(number, self, key) }
        if T.self == Bool.self, let flag = value as? Bool { return .bool(flag) }
        // The types `JSONEncoder` writes its own way.
        if T.self == Data.self, let data = value as? Data { return .string(data.base64EncodedString()) }
        if T.self == URL.self, let url = value as? URL { return .string(url.absoluteString) }
        if T.self == Decimal.self, let decimal = value as? Decimal { return .number(decimal.description) }
        var child = takeChild(key: K.self == JSONNoKey.self ? nil : key as any CodingKey)
        try value.encode(to: child)
        let encoded = child.take()
        recycle(&child)
        return encoded
    }

    /// As `box`, where a value that encoded nothing is an empty object.
    func boxed<T: Encodable, K: CodingKey>(_ value: T, key: K) throws -> JSONValue {
        try box(value, key: key) ?? .object(JSONObject())
    }

    private func takeChild(key: (any CodingKey)?) -> JSONTreeEncoder {
        guard let child = spare else { return JSONTreeEncoder(parent: self, key: key) }
        spare = nil
        child.parent = self
        child.key = key
        return child
    }

    /// Keeps `child` (emptied by `take`) for the next value, unless something still holds it.
    private func recycle(_ child: inout JSONTreeEncoder) {
        guard spare == nil, isKnownUniquelyReferenced(&child) else { return }
        child.parent = nil
        child.key = nil
        spare = child
    }

    /// `JSONEncoder`'s text of a floating-point number: its description without a final `.0`.
    static func number<F: BinaryFloatingPoint & CustomStringConvertible, K: CodingKey>(_ value: F, _ encoder: JSONTreeEncoder,
                                                                                      _ key: K) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: encoder.codingPath + (K.self == JSONNoKey.self ? [] : [key]),
                                                          debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    // MARK: SingleValueEncodingContainer

    private func put(_ value: JSONValue) {
        precondition(single == nil, "Attempt to encode value through single value container when previously value already encoded.")
        single = value
    }

    func encodeNil() throws { put(.null) }
    func encode(_ value: Bool) throws { put(.bool(value)) }
    func encode(_ value: String) throws { put(.string(value)) }
    func encode(_ value: Double) throws { put(try JSONTreeEncoder.number(value, self, JSONNoKey())) }
    func encode(_ value: Float) throws { put(try JSONTreeEncoder.number(value, self, JSONNoKey())) }
    func encode(_ value: Int) throws { put(.int(Int64(value))) }
    func encode(_ value: Int8) throws { put(.int(Int64(value))) }
    func encode(_ value: Int16) throws { put(.int(Int64(value))) }
    func encode(_ value: Int32) throws { put(.int(Int64(value))) }
    func encode(_ value: Int64) throws { put(.int(value)) }
    func encode(_ value: UInt) throws { put(.unsigned(UInt64(value))) }
    func encode(_ value: UInt8) throws { put(.unsigned(UInt64(value))) }
    func encode(_ value: UInt16) throws { put(.unsigned(UInt64(value))) }
    func encode(_ value: UInt32) throws { put(.unsigned(UInt64(value))) }
    func encode(_ value: UInt64) throws { put(.unsigned(value)) }
    func encode<T: Encodable>(_ value: T) throws {
        precondition(single == nil, "Attempt to encode value through single value container when previously value already encoded.")
        single = try boxed(value, key: JSONNoKey())
    }
}

/// An object being encoded.
struct JSONTreeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONTreeEncoder
    let object: JSONObject
    /// The keys from the encoder to this container, when it is nested.
    let path: [any CodingKey]

    var codingPath: [any CodingKey] { encoder.codingPath + path }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        object.set(key.stringValue, try JSONTreeEncoder.number(value, encoder, key))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        object.set(key.stringValue, try JSONTreeEncoder.number(value, encoder, key))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(key.stringValue, .int(Int64(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .int(value)) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(key.stringValue, .unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(key.stringValue, .unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try encoder.boxed(value, key: key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested: JSONObject
        switch object.value(for: key.stringValue) {
        case .object(let existing)?: nested = existing
        case .array?: preconditionFailure("For key \"\(key.stringValue)\" a unkeyed container has already been created.")
        default:
            nested = JSONObject()
            object.set(key.stringValue, .object(nested))
        }
        return KeyedEncodingContainer(JSONTreeKeyedContainer<NestedKey>(encoder: encoder, object: nested, path: path + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested: JSONArray
        switch object.value(for: key.stringValue) {
        case .array(let existing)?: nested = existing
        case .object?: preconditionFailure("For key \"\(key.stringValue)\" a keyed container has already been created.")
        default:
            nested = JSONArray()
            object.set(key.stringValue, .array(nested))
        }
        return JSONTreeUnkeyedContainer(encoder: encoder, array: nested, path: path + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: JSONIndexKey(stringValue: "super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let child = JSONTreeEncoder(parent: encoder, key: key)
        object.set(key.stringValue, .deferred(child))
        return child
    }
}

/// An array being encoded.
struct JSONTreeUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONTreeEncoder
    let array: JSONArray
    let path: [any CodingKey]

    var codingPath: [any CodingKey] { encoder.codingPath + path }
    var count: Int { array.values.count }

    private var nextKey: JSONIndexKey { JSONIndexKey(index: array.values.count) }

    mutating func encodeNil() throws { array.values.append(.null) }
    mutating func encode(_ value: Bool) throws { array.values.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.values.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.values.append(try JSONTreeEncoder.number(value, encoder, nextKey)) }
    mutating func encode(_ value: Float) throws { array.values.append(try JSONTreeEncoder.number(value, encoder, nextKey)) }
    mutating func encode(_ value: Int) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.values.append(.int(value)) }
    mutating func encode(_ value: UInt) throws { array.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { array.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { array.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { array.values.append(.unsigned(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { array.values.append(.unsigned(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.values.append(try encoder.boxed(value, key: nextKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        let key = nextKey
        array.values.append(.object(nested))
        return KeyedEncodingContainer(JSONTreeKeyedContainer<NestedKey>(encoder: encoder, object: nested, path: path + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        let key = nextKey
        array.values.append(.array(nested))
        return JSONTreeUnkeyedContainer(encoder: encoder, array: nested, path: path + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONTreeEncoder(parent: encoder, key: nextKey)
        array.values.append(.deferred(child))
        return child
    }
}

/// An array index, or `super`, on a coding path. Its text is made only when asked for (an
/// error message): an array of many values would otherwise make one string each.
struct JSONIndexKey: CodingKey {
    private var name: String?
    var intValue: Int?
    var stringValue: String { name ?? "Index \(intValue ?? 0)" }
    init(stringValue: String) { name = stringValue }
    init(intValue: Int) { self.init(index: intValue) }
    init(index: Int) { intValue = index }
}

/// No key: a value encoded at the top or through a single-value container.
struct JSONNoKey: CodingKey {
    var stringValue: String { "" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
