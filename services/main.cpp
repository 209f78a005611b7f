// lianban: the one binary. Builds and connects the objects; every command lives in services/cli/.
#include <iostream>

int main() {
  std::cout << "lianban\n";
  return 0;
}
