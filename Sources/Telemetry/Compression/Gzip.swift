import CZlib

/// gzip compression (RFC 1952) through zlib.
public enum Gzip {
    /// Errors zlib reports.
    public struct Error: Swift.Error, CustomStringConvertible {
        public let code: Int32
        public var description: String { "zlib error \(code)" }
    }

    /// Compresses `input` into a complete gzip member.
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16 selects the gzip wrapper instead of zlib's.
        var status = shopmicro_deflate_init2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        guard status == Z_OK else { throw Error(code: status) }
        defer { deflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        var input = input
        status = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = uInt(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = uInt(outputBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Error(code: status) }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    /// Decompresses a gzip member; used by tests and tools that read compressed scrapes.
    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        var status = shopmicro_inflate_init2(&stream, 15 + 16)
        guard status == Z_OK else { throw Error(code: status) }
        defer { inflateEnd(&stream) }

        var input = input
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return chunkBuffer.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else { throw Error(code: status) }
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_OK && produced == 0 && stream.avail_in == 0 { throw Error(code: Z_BUF_ERROR) }
            } while status != Z_STREAM_END
        }
        return output
    }
}
